package org.tapin.appliance.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.codec.binary.Base32;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tapin.appliance.ApplianceMain;
import org.tapin.appliance.auth.PasswordHasher;
import org.tapin.appliance.factor.SqliteFactorStore;
import org.tapin.appliance.factor.TemporaryCodes;
import org.tapin.appliance.factor.Totp;
import org.tapin.appliance.store.AuditQuery;
import org.tapin.appliance.store.SqliteStore;
import org.tapin.appliance.store.Store;
import picocli.CommandLine;

class FactorAdminTest {

    @TempDir
    Path dir;

    private Path conf;

    record Run(int code, String out, String err) {}

    @BeforeEach
    void config() throws Exception {
        conf = dir.resolve("appliance.conf");
        Files.writeString(conf, "tls.certificate = x.crt\ntls.key = x.key\nstore.path = a.db\npassword.iterations = 1000\n");
        assertThat(run("s3cret-pw\n", "user", "add", "alice", "--password-stdin").code()).isZero();
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
    void totpEnrollPrintsAUriAndQrCodeWhoseSecretTheApplianceChecksAgainst() {
        Run r = run("", "totp", "enroll", "alice", "--issuer", "St Mary ICU");
        assertThat(r.code()).isZero();
        Matcher m = Pattern.compile("otpauth://totp/St%20Mary%20ICU:alice\\?secret=([A-Z2-7]+)&issuer=St%20Mary%20ICU").matcher(r.out());
        assertThat(m.find()).as(r.out()).isTrue();
        byte[] printed = new Base32().decode(m.group(1));
        assertThat(printed).hasSize(Totp.SECRET_BYTES);
        assertThat(r.out()).contains("▀").contains("▄").contains("█");

        Path db = dir.resolve("a.db");
        try (Store store = SqliteStore.open(db); SqliteFactorStore factors = SqliteFactorStore.open(db)) {
            byte[] stored = factors.totp("alice").orElseThrow().secret();
            long step = Totp.step(Instant.now());
            assertThat(Totp.code(stored, step, 6)).isEqualTo(Totp.code(printed, step, 6));
            String audit = store.audit(new AuditQuery("admin.totp.enroll", null, null, 10)).toString();
            assertThat(audit).contains("alice").doesNotContain(m.group(1));
        }
        assertThat(run("", "totp", "enroll", "nobody").code()).isEqualTo(1);
        assertThat(run("", "totp", "remove", "alice").code()).isZero();
        assertThat(run("", "totp", "remove", "alice").code()).isEqualTo(1);
    }

    @Test
    void temporaryCodesAreShownOnceAcceptedAndRevocable() {
        Run issued = run("", "code", "issue", "alice", "--valid", "PT2H", "--reusable");
        assertThat(issued.code()).as(issued.err()).isZero();
        Matcher m = Pattern.compile("^(\\d{10})$", Pattern.MULTILINE).matcher(issued.out());
        assertThat(m.find()).as(issued.out()).isTrue();
        String code = m.group(1);
        Matcher id = Pattern.compile("temporary code (\\d+) for alice").matcher(issued.out());
        assertThat(id.find()).isTrue();

        assertThat(run("", "code", "list", "alice").out()).contains("\tactive\t").contains("reusable").doesNotContain(code);
        Path db = dir.resolve("a.db");
        try (Store store = SqliteStore.open(db); SqliteFactorStore factors = SqliteFactorStore.open(db)) {
            TemporaryCodes codes = new TemporaryCodes(factors, new PasswordHasher(1_000), Clock.systemUTC());
            assertThat(codes.use("alice", code.toCharArray())).isPresent();
            assertThat(run("", "code", "revoke", id.group(1)).code()).isZero();
            assertThat(codes.use("alice", code.toCharArray())).isEmpty();
            assertThat(store.audit(new AuditQuery(null, null, null, 100)).toString()).doesNotContain(code).contains("admin.code.revoke");
        }
        assertThat(run("", "code", "list", "alice").out()).contains("\trevoked\t");
        assertThat(run("", "code", "revoke", id.group(1)).code()).isEqualTo(1);
        assertThat(run("", "code", "issue", "alice", "--valid", "P31D").err()).contains("up to 30 days");
        assertThat(run("", "code", "issue", "alice", "--valid", "soon").code()).isEqualTo(1);
    }

    @Test
    void groupPoliciesAndUserGroups() {
        assertThat(run("", "second-factor", "set", "icu", "totp", "--temporary-codes", "--until-enrolled").code()).isZero();
        assertThat(run("", "second-factor", "set", "icu", "sms").code()).isEqualTo(1);
        assertThat(run("", "second-factor", "set", "ward", "none", "--until-enrolled").code()).isEqualTo(1);
        assertThat(run("", "second-factor", "list").out()).contains("icu\ttotp +temporary-codes +password-only-until-enrolled");
        assertThat(run("", "second-factor", "user-group", "alice", "icu").code()).isZero();
        assertThat(run("", "second-factor", "user-group", "bob", "icu").code()).isEqualTo(1);
        Path db = dir.resolve("a.db");
        try (Store store = SqliteStore.open(db); SqliteFactorStore factors = SqliteFactorStore.open(db)) {
            assertThat(factors.userGroup("alice")).isEqualTo("icu");
        }
    }
}
