package org.tapin.appliance.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tapin.appliance.ApplianceMain;
import picocli.CommandLine;

/** The admin's side of local accounts: password rules, history, must-change, one-time, unlock, all audited. */
class LocalAccountAdminTest {

    @TempDir
    Path dir;

    private Path conf;

    record Run(int code, String out, String err) {}

    @BeforeEach
    void config() throws Exception {
        conf = dir.resolve("appliance.conf");
        Files.writeString(conf, String.join("\n", "tls.certificate = x.crt", "tls.key = x.key", "store.path = a.db",
                "password.iterations = 1000", "password.min-length = 10", "password.min-digits = 1", "password.mixed-case = true",
                "password.min-special = 1", "password.history = 3", ""));
    }

    private Run run(String stdin, String... args) {
        InputStream saved = System.in;
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        try {
            System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
            CommandLine cli = ApplianceMain.commandLine();
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(err, true));
            String[] full = new String[args.length + 3];
            full[0] = "admin";
            full[1] = "--config";
            full[2] = conf.toString();
            System.arraycopy(args, 0, full, 3, args.length);
            return new Run(cli.execute(full), out.toString(), err.toString());
        } finally {
            System.setIn(saved);
        }
    }

    @Test
    void aPasswordBreakingTheRulesIsRefusedWithEveryBrokenRuleNamed() {
        Run weak = run("nurse1\n", "user", "add", "nurse1", "--password-stdin");
        assertThat(weak.code()).isEqualTo(1);
        assertThat(weak.err()).contains("password refused:", "at least 10 characters", "upper-case letter",
                "special character", "must not contain the user name");
        assertThat(run("", "user", "list").out()).doesNotContain("nurse1");

        assertThat(run("Ward-3-Night\n", "user", "add", "nurse1", "--password-stdin", "--must-change").code()).isZero();
        assertThat(run("", "user", "list").out()).contains("nurse1\tnurse1\tactive\t0\tmust-change");
        Run again = run("Ward-3-Night\n", "user", "passwd", "nurse1", "--password-stdin");
        assertThat(again.code()).isEqualTo(1);
        assertThat(again.err()).contains("must differ from the previous passwords");
        assertThat(run("Ward-4-Night\n", "user", "passwd", "nurse1", "--password-stdin").code()).isZero();
        assertThat(run("", "user", "list").out()).contains("nurse1\tnurse1\tactive\t0\t-");
        assertThat(run("", "audit", "list").out()).doesNotContain("Ward-").contains("admin.user.add\tnurse1", "must change password",
                "admin.user.passwd\tnurse1");
    }

    @Test
    void flagsAreSetClearedAndAudited() {
        assertThat(run("Ward-3-Night\n", "user", "add", "locum", "--password-stdin", "--one-time").out())
                .contains("added user locum (one-time)");
        assertThat(run("", "user", "list").out()).contains("locum\tlocum\tactive\t0\tone-time");
        assertThat(run("", "user", "must-change", "locum").code()).isZero();
        assertThat(run("", "user", "list").out()).contains("\tmust-change,one-time");
        assertThat(run("", "user", "one-time", "locum", "--off").code()).isZero();
        assertThat(run("", "user", "must-change", "locum", "--off").code()).isZero();
        assertThat(run("", "user", "list").out()).contains("locum\tlocum\tactive\t0\t-");
        assertThat(run("", "user", "must-change", "nobody").code()).isEqualTo(1);
        assertThat(run("", "user", "unlock", "locum").out()).contains("locum unlocked");
        assertThat(run("", "audit", "list").out()).contains("admin.user.must-change\tlocum", "admin.user.one-time\tlocum",
                "admin.user.unlock\tlocum");
    }

    @Test
    void aBadRuleValueNamesTheKey() throws Exception {
        Files.writeString(conf, "tls.certificate = x.crt\ntls.key = x.key\nstore.path = a.db\npassword.mixed-case = maybe\n");
        Run r = run("", "user", "list");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("password.mixed-case = maybe is not true or false");
    }
}
