package org.tapin.appliance.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tapin.appliance.fixture.AdminCli;
import org.tapin.appliance.fixture.AdminCli.Run;

/** The admin's side of local accounts: password rules, history, must-change, one-time, unlock, all audited. */
class LocalAccountAdminTest {

    @TempDir
    Path dir;

    private AdminCli admin;

    @BeforeEach
    void config() throws Exception {
        admin = AdminCli.in(dir, "password.min-length = 10", "password.min-digits = 1", "password.mixed-case = true",
                "password.min-special = 1", "password.history = 3");
    }

    @Test
    void aPasswordBreakingTheRulesIsRefusedWithEveryBrokenRuleNamed() {
        Run weak = admin.run("nurse1\n", "user", "add", "nurse1", "--password-stdin");
        assertThat(weak.code()).isEqualTo(1);
        assertThat(weak.err()).contains("password refused:", "at least 10 characters", "upper-case letter",
                "special character", "must not contain the user name");
        assertThat(admin.run("", "user", "list").out()).doesNotContain("nurse1");

        assertThat(admin.run("Ward-3-Night\n", "user", "add", "nurse1", "--password-stdin", "--must-change").code()).isZero();
        assertThat(admin.run("", "user", "list").out()).contains("nurse1\tnurse1\tactive\t0\tmust-change");
        Run again = admin.run("Ward-3-Night\n", "user", "passwd", "nurse1", "--password-stdin");
        assertThat(again.code()).isEqualTo(1);
        assertThat(again.err()).contains("must differ from the previous passwords");
        assertThat(admin.run("Ward-4-Night\n", "user", "passwd", "nurse1", "--password-stdin").code()).isZero();
        assertThat(admin.run("", "user", "list").out()).contains("nurse1\tnurse1\tactive\t0\t-");
        assertThat(admin.run("", "audit", "list").out()).doesNotContain("Ward-").contains("admin.user.add\tnurse1", "must change password",
                "admin.user.passwd\tnurse1");
    }

    @Test
    void flagsAreSetClearedAndAudited() {
        assertThat(admin.run("Ward-3-Night\n", "user", "add", "locum", "--password-stdin", "--one-time").out())
                .contains("added user locum (one-time)");
        assertThat(admin.run("", "user", "list").out()).contains("locum\tlocum\tactive\t0\tone-time");
        assertThat(admin.run("", "user", "must-change", "locum").code()).isZero();
        assertThat(admin.run("", "user", "list").out()).contains("\tmust-change,one-time");
        assertThat(admin.run("", "user", "one-time", "locum", "--off").code()).isZero();
        assertThat(admin.run("", "user", "must-change", "locum", "--off").code()).isZero();
        assertThat(admin.run("", "user", "list").out()).contains("locum\tlocum\tactive\t0\t-");
        assertThat(admin.run("", "user", "must-change", "nobody").code()).isEqualTo(1);
        assertThat(admin.run("", "user", "unlock", "locum").out()).contains("locum unlocked");
        assertThat(admin.run("", "audit", "list").out()).contains("admin.user.must-change\tlocum", "admin.user.one-time\tlocum",
                "admin.user.unlock\tlocum");
    }

    @Test
    void aBadRuleValueNamesTheKey() throws Exception {
        admin.configure("password.mixed-case = maybe");
        Run r = admin.run("", "user", "list");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("password.mixed-case = maybe is not true or false");
    }
}
