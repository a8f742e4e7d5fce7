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
import org.tapin.appliance.auth.PasswordHasher;
import org.tapin.appliance.store.SqliteStore;
import org.tapin.appliance.store.Store;
import picocli.CommandLine;

class AdminCommandTest {

    @TempDir
    Path dir;

    private Path conf;

    record Run(int code, String out, String err) {}

    @BeforeEach
    void config() throws Exception {
        conf = dir.resolve("appliance.conf");
        Files.writeString(conf, "tls.certificate = x.crt\ntls.key = x.key\nstore.path = a.db\npassword.iterations = 1000\n");
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
    void addsUsersWithHashedPasswordsFromStdinAndLinksBadges() {
        assertThat(run("s3cret-pw\n", "user", "add", "alice", "--display-name", "Alice Example", "--password-stdin").code()).isZero();
        assertThat(run("x\n", "user", "add", "alice", "--password-stdin").code()).isEqualTo(1);
        assertThat(run("", "user", "add", "bob", "--password-stdin").err()).contains("no password on standard input");
        assertThat(run("", "badge", "link", "04A1B2C3", "alice").out()).contains("badge …B2C3 linked to alice");
        assertThat(run("", "badge", "link", "04A1B2C3", "nobody").code()).isEqualTo(1);
        assertThat(run("", "user", "list").out()).contains("alice\tAlice Example\tactive\t0");
        assertThat(run("", "badge", "list").out()).contains("…B2C3\talice").doesNotContain("04A1B2C3");
        try (Store store = SqliteStore.open(dir.resolve("a.db"))) {
            String hash = store.user("alice").orElseThrow().passwordHash();
            assertThat(hash).startsWith("pbkdf2-sha256$1000$").doesNotContain("s3cret-pw");
            assertThat(new PasswordHasher(1000).verify("s3cret-pw".toCharArray(), hash)).isTrue();
        }
        assertThat(run("", "audit", "list", "--type", "admin.user.add").out()).contains("admin.user.add\talice");
    }

    @Test
    void setsPoliciesCheckedAndRefusesBadOnes() throws Exception {
        Path good = dir.resolve("p.json");
        Files.writeString(good, "{\"lockScreenAccess\":[{\"nickname\":\"Conky\",\"wmClass\":\"Conky\"}],\"walkAway\":{\"lockSeconds\":60}}");
        assertThat(run("", "policy", "set", "ward3", good.toString()).out()).contains("policy of group ward3 set");
        assertThat(run("", "policy", "show", "ward3").out()).contains("Conky");
        Run bad = run("{\"walkAway\":{\"lockSeconds\":-5}}", "policy", "set", "ward3", "-");
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err()).contains("walkAway.lockSeconds");
        assertThat(run("", "policy", "show", "nowhere").out()).contains("\"lockScreenAccess\":[]");
    }

    @Test
    void unknownConfigKeysAreErrors() throws Exception {
        Files.writeString(conf, "tls.certificate = x\ntls.key = y\nstore.pth = a.db\n");
        Run r = run("", "user", "list");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("unknown key(s) [store.pth]");
    }

    @Test
    void publishesAgentPackagesAndNamesTheVersionAGroupRuns() throws Exception {
        Path v2 = org.tapin.appliance.packages.TestPackages.agentPackage(dir, "2.0.0");
        Run added = run("", "package", "add", v2.toString());
        assertThat(added.code()).isZero();
        assertThat(added.out()).contains("published agent 2.0.0");
        assertThat(dir.resolve("packages/2.0.0.pkg")).hasSameBinaryContentAs(v2);
        assertThat(run("", "package", "list").out()).contains("2.0.0\t" + Files.size(v2) + " bytes");

        Path notAPackage = dir.resolve("notes.txt");
        Files.writeString(notAPackage, "hello");
        Run refused = run("", "package", "add", notAPackage.toString());
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).contains("not published").contains("not an agent package");

        Files.writeString(dir.resolve("p.json"), "{\"walkAway\":{\"lockSeconds\":60}}");
        run("", "policy", "set", "ward3", dir.resolve("p.json").toString());
        Run unknown = run("", "package", "run", "ward3", "3.0.0");
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.err()).contains("no published version 3.0.0");
        assertThat(run("", "package", "run", "ward3", "2.0.0").out()).contains("group ward3 runs agent 2.0.0");
        // the rest of the group's policy is kept
        assertThat(run("", "policy", "show", "ward3").out()).contains("\"agentVersion\":\"2.0.0\"").contains("lockSeconds");
        run("", "package", "run", "ward3", "none");
        assertThat(run("", "policy", "show", "ward3").out()).doesNotContain("agentVersion").contains("lockSeconds");
        assertThat(run("", "audit", "list", "--type", "admin.package.run").out()).contains("group ward3 runs 2.0.0");

        assertThat(run("", "package", "remove", "2.0.0").code()).isZero();
        assertThat(run("", "package", "list").out()).isEmpty();
    }
}
