package org.tapin.appliance.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.codec.binary.Base32;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tapin.appliance.fixture.AdminCli;
import org.tapin.appliance.fixture.AdminCli.Run;
import org.tapin.appliance.auth.PasswordHasher;
import org.tapin.appliance.factor.SqliteFactorStore;
import org.tapin.appliance.factor.TemporaryCodes;
import org.tapin.appliance.factor.Totp;
import org.tapin.appliance.store.AuditQuery;
import org.tapin.appliance.store.SqliteStore;
import org.tapin.appliance.store.Store;

class FactorAdminTest {

    @TempDir
    Path dir;

    private AdminCli admin;

    @BeforeEach
    void config() throws Exception {
        admin = AdminCli.in(dir);
        assertThat(admin.run("s3cret-pw\n", "user", "add", "alice", "--password-stdin").code()).isZero();
    }

    @Test
    void totpEnrollPrintsAUriAndQrCodeWhoseSecretTheApplianceChecksAgainst() {
        Run r = admin.run("", "totp", "enroll", "alice", "--issuer", "St Mary ICU");
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
        assertThat(admin.run("", "totp", "enroll", "nobody").code()).isEqualTo(1);
        assertThat(admin.run("", "totp", "remove", "alice").code()).isZero();
        assertThat(admin.run("", "totp", "remove", "alice").code()).isEqualTo(1);
    }

    @Test
    void temporaryCodesAreShownOnceAcceptedAndRevocable() {
        Run issued = admin.run("", "code", "issue", "alice", "--valid", "PT2H", "--reusable");
        assertThat(issued.code()).as(issued.err()).isZero();
        Matcher m = Pattern.compile("^(\\d{10})$", Pattern.MULTILINE).matcher(issued.out());
        assertThat(m.find()).as(issued.out()).isTrue();
        String code = m.group(1);
        Matcher id = Pattern.compile("temporary code (\\d+) for alice").matcher(issued.out());
        assertThat(id.find()).isTrue();

        assertThat(admin.run("", "code", "list", "alice").out()).contains("\tactive\t").contains("reusable").doesNotContain(code);
        Path db = dir.resolve("a.db");
        try (Store store = SqliteStore.open(db); SqliteFactorStore factors = SqliteFactorStore.open(db)) {
            TemporaryCodes codes = new TemporaryCodes(factors, new PasswordHasher(1_000), Clock.systemUTC());
            assertThat(codes.use("alice", code.toCharArray())).isPresent();
            assertThat(admin.run("", "code", "revoke", id.group(1)).code()).isZero();
            assertThat(codes.use("alice", code.toCharArray())).isEmpty();
            assertThat(store.audit(new AuditQuery(null, null, null, 100)).toString()).doesNotContain(code).contains("admin.code.revoke");
        }
        assertThat(admin.run("", "code", "list", "alice").out()).contains("\trevoked\t");
        assertThat(admin.run("", "code", "revoke", id.group(1)).code()).isEqualTo(1);
        assertThat(admin.run("", "code", "issue", "alice", "--valid", "P31D").err()).contains("up to 30 days");
        assertThat(admin.run("", "code", "issue", "alice", "--valid", "soon").code()).isEqualTo(1);
    }

    @Test
    void groupPoliciesAndUserGroups() {
        assertThat(admin.run("", "second-factor", "set", "icu", "totp", "--temporary-codes", "--until-enrolled").code()).isZero();
        assertThat(admin.run("", "second-factor", "set", "icu", "sms").code()).isEqualTo(1);
        assertThat(admin.run("", "second-factor", "set", "ward", "none", "--until-enrolled").code()).isEqualTo(1);
        assertThat(admin.run("", "second-factor", "list").out()).contains("icu\ttotp +temporary-codes +password-only-until-enrolled");
        assertThat(admin.run("", "second-factor", "user-group", "alice", "icu").code()).isZero();
        assertThat(admin.run("", "second-factor", "user-group", "bob", "icu").code()).isEqualTo(1);
        Path db = dir.resolve("a.db");
        try (Store store = SqliteStore.open(db); SqliteFactorStore factors = SqliteFactorStore.open(db)) {
            assertThat(factors.userGroup("alice")).isEqualTo("icu");
        }
    }
}
