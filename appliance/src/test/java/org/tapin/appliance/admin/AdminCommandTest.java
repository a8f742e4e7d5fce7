package org.tapin.appliance.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tapin.appliance.fixture.AdminCli;
import org.tapin.appliance.fixture.AdminCli.Run;
import org.tapin.appliance.auth.PasswordHasher;
import org.tapin.appliance.store.SqliteStore;
import org.tapin.appliance.store.Store;

class AdminCommandTest {

    @TempDir
    Path dir;

    private AdminCli admin;

    @BeforeEach
    void config() throws Exception {
        admin = AdminCli.in(dir);
    }

    @Test
    void addsUsersWithHashedPasswordsFromStdinAndLinksBadges() {
        assertThat(admin.run("s3cret-pw\n", "user", "add", "alice", "--display-name", "Alice Example", "--password-stdin").code()).isZero();
        assertThat(admin.run("x\n", "user", "add", "alice", "--password-stdin").code()).isEqualTo(1);
        assertThat(admin.run("", "user", "add", "bob", "--password-stdin").err()).contains("no password on standard input");
        assertThat(admin.run("", "badge", "link", "04A1B2C3", "alice").out()).contains("badge …B2C3 linked to alice");
        assertThat(admin.run("", "badge", "link", "04A1B2C3", "nobody").code()).isEqualTo(1);
        assertThat(admin.run("", "user", "list").out()).contains("alice\tAlice Example\tactive\t0");
        assertThat(admin.run("", "badge", "list").out()).contains("…B2C3\talice").doesNotContain("04A1B2C3");
        try (Store store = SqliteStore.open(dir.resolve("a.db"))) {
            String hash = store.user("alice").orElseThrow().passwordHash();
            assertThat(hash).startsWith("pbkdf2-sha256$1000$").doesNotContain("s3cret-pw");
            assertThat(new PasswordHasher(1000).verify("s3cret-pw".toCharArray(), hash)).isTrue();
        }
        assertThat(admin.run("", "audit", "list", "--type", "admin.user.add").out()).contains("admin.user.add\talice");
    }

    @Test
    void setsPoliciesCheckedAndRefusesBadOnes() throws Exception {
        Path good = dir.resolve("p.json");
        Files.writeString(good, "{\"lockScreenAccess\":[{\"nickname\":\"Conky\",\"wmClass\":\"Conky\"}],\"walkAway\":{\"lockSeconds\":60}}");
        assertThat(admin.run("", "policy", "set", "ward3", good.toString()).out()).contains("policy of group ward3 set");
        assertThat(admin.run("", "policy", "show", "ward3").out()).contains("Conky");
        Run bad = admin.run("{\"walkAway\":{\"lockSeconds\":-5}}", "policy", "set", "ward3", "-");
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err()).contains("walkAway.lockSeconds");
        assertThat(admin.run("", "policy", "show", "nowhere").out()).contains("\"lockScreenAccess\":[]");
    }

    @Test
    void unknownConfigKeysAreErrors() throws Exception {
        admin.configureExactly("tls.certificate = x\ntls.key = y\nstore.pth = a.db\n");
        Run r = admin.run("", "user", "list");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("unknown key(s) [store.pth]");
    }

    @Test
    void publishesAgentPackagesAndNamesTheVersionAGroupRuns() throws Exception {
        Path v2 = org.tapin.appliance.packages.TestPackages.agentPackage(dir, "2.0.0");
        Run added = admin.run("", "package", "add", v2.toString());
        assertThat(added.code()).isZero();
        assertThat(added.out()).contains("published agent 2.0.0");
        assertThat(dir.resolve("packages/2.0.0.pkg")).hasSameBinaryContentAs(v2);
        assertThat(admin.run("", "package", "list").out()).contains("2.0.0\t" + Files.size(v2) + " bytes");

        Path notAPackage = dir.resolve("notes.txt");
        Files.writeString(notAPackage, "hello");
        Run refused = admin.run("", "package", "add", notAPackage.toString());
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).contains("not published").contains("not an agent package");

        Files.writeString(dir.resolve("p.json"), "{\"walkAway\":{\"lockSeconds\":60}}");
        admin.run("", "policy", "set", "ward3", dir.resolve("p.json").toString());
        Run unknown = admin.run("", "package", "run", "ward3", "3.0.0");
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.err()).contains("no published version 3.0.0");
        assertThat(admin.run("", "package", "run", "ward3", "2.0.0").out()).contains("group ward3 runs agent 2.0.0");
        // the rest of the group's policy is kept
        assertThat(admin.run("", "policy", "show", "ward3").out()).contains("\"agentVersion\":\"2.0.0\"").contains("lockSeconds");
        admin.run("", "package", "run", "ward3", "none");
        assertThat(admin.run("", "policy", "show", "ward3").out()).doesNotContain("agentVersion").contains("lockSeconds");
        assertThat(admin.run("", "audit", "list", "--type", "admin.package.run").out()).contains("group ward3 runs 2.0.0");

        assertThat(admin.run("", "package", "remove", "2.0.0").code()).isZero();
        assertThat(admin.run("", "package", "list").out()).isEmpty();
    }
}
