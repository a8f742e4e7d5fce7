package org.tapin.appliance.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tapin.appliance.fixture.MovingClock;
import org.tapin.appliance.fixture.SignInParts;
import org.tapin.appliance.factor.SignInAnswer;
import org.tapin.appliance.factor.SignInFlow;
import org.tapin.appliance.store.AuditQuery;
import org.tapin.appliance.store.Store;

/** Must-change, expiry and one-time accounts through the sign-in flow, with the real store and a clock the test moves. */
class LocalAccountSignInTest {

    @TempDir
    Path dir;

    private final MovingClock clock = new MovingClock(Instant.parse("2026-11-23T09:00:00Z"));
    private SignInParts parts;
    private Store store;
    private AccountStore accounts;
    private LocalPasswords passwords;
    private SignInFlow flow;

    @BeforeEach
    void setUp() {
        parts = SignInParts.open(dir.resolve("a.db"), clock);
        store = parts.store;
        accounts = parts.accounts;
        passwords = parts.passwords(new PasswordRules(10, 64, 1, 1, true, 0, true, 2, 90, 14));
        assertThat(passwords.addAccount("alice", "Alice Example", "Temp-Pass-01".toCharArray(), false)).isEmpty();
        parts.badge("04A1B2C3", "alice");
        flow = parts.flow(parts.codes(), passwords);
    }

    @AfterEach
    void tearDown() {
        parts.close();
    }

    private SignInAnswer signIn(String password) {
        return flow.password("alice", password.toCharArray(), "e-1");
    }

    private String audit() {
        return store.audit(new AuditQuery(null, null, null, 1000)).toString();
    }

    @Test
    void aFlaggedUserMustChooseANewPasswordThatKeepsTheRulesBeforeSigningIn() {
        accounts.setMustChange("alice", true);
        SignInAnswer asked = signIn("Temp-Pass-01");
        assertThat(asked.result()).isEqualTo("change-password");
        assertThat(asked.reason()).isEqualTo("You must choose a new password before you continue.");
        assertThat(asked.token()).isNotBlank();
        assertThat(asked.rules()).contains("Not your user name.", "Not one of your last 2 passwords.");

        SignInAnswer weak = flow.changePassword(asked.token(), "short".toCharArray(), "e-1");
        assertThat(weak.result()).isEqualTo("change-password");
        assertThat(weak.reason()).contains("at least 10 characters").contains("digit").contains("upper-case");
        assertThat(flow.changePassword(asked.token(), "Fresh-Pass-22".toCharArray(), "e-1").result())
                .as("the refused attempt spent its token").isEqualTo("denied");

        SignInAnswer same = flow.changePassword(weak.token(), "Temp-Pass-01".toCharArray(), "e-1");
        assertThat(same.reason()).isEqualTo("The password must differ from the previous passwords.");

        SignInAnswer done = flow.changePassword(same.token(), "Fresh-Pass-22".toCharArray(), "e-1");
        assertThat(done.result()).isEqualTo("ok");
        assertThat(done.user().username()).isEqualTo("alice");
        assertThat(signIn("Fresh-Pass-22").result()).as("the flag is cleared").isEqualTo("ok");
        assertThat(signIn("Temp-Pass-01").result()).isEqualTo("denied");
        assertThat(audit()).contains("auth.change-password", "asked: an administrator asked for a new password",
                "refused: The password must be at least 10 characters long.", "changed by the user")
                .doesNotContain("Fresh-Pass-22").doesNotContain("Temp-Pass-01").doesNotContain(asked.token()).doesNotContain(weak.token());
    }

    @Test
    void aBadgeTapIsNotAskedForAPasswordChangeAndAChangeTokenIsNoSecondFactor() {
        accounts.setMustChange("alice", true);
        assertThat(flow.badge("04A1B2C3", "e-1").result()).isEqualTo("ok");
        SignInAnswer asked = signIn("Temp-Pass-01");
        assertThat(flow.next(asked.token(), null, "123456".toCharArray(), "e-1").result()).isEqualTo("denied");
        assertThat(flow.changePassword("made-up", "Fresh-Pass-22".toCharArray(), "e-1").result()).isEqualTo("denied");
    }

    @Test
    void anExpiredPasswordForcesTheChangeAndOneAboutToExpireIsAnnounced() {
        clock.advance(Duration.ofDays(80));
        SignInAnswer warned = signIn("Temp-Pass-01");
        assertThat(warned.result()).isEqualTo("ok");
        assertThat(warned.expiresInDays()).isEqualTo(10);

        clock.advance(Duration.ofDays(10));
        SignInAnswer expired = signIn("Temp-Pass-01");
        assertThat(expired.result()).isEqualTo("change-password");
        assertThat(expired.reason()).isEqualTo("Your password has expired. Choose a new one.");
        SignInAnswer done = flow.changePassword(expired.token(), "Renewed-Pass-3".toCharArray(), "e-1");
        assertThat(done.result()).isEqualTo("ok");
        assertThat(done.expiresInDays()).as("a new password's age starts again").isNull();
        assertThat(audit()).contains("asked: the password expired");
    }

    @Test
    void anEnrollmentByAFlaggedUserLinksTheBadgeOnlyOnceTheNewPasswordIsSet() {
        accounts.setMustChange("alice", true);
        SignInAnswer asked = flow.enroll("04C0FFEE", "alice", "Temp-Pass-01".toCharArray(), "e-1");
        assertThat(asked.result()).isEqualTo("change-password");
        assertThat(store.badge("04C0FFEE")).isEmpty();
        assertThat(flow.changePassword(asked.token(), "Fresh-Pass-22".toCharArray(), "e-1").result()).isEqualTo("ok");
        assertThat(store.badge("04C0FFEE").orElseThrow().username()).isEqualTo("alice");
    }

    @Test
    void aOneTimeAccountSignsInOnceThenIsDisabled() {
        accounts.setOneTime("alice", true);
        assertThat(signIn("Temp-Pass-01").result()).isEqualTo("ok");
        SignInAnswer again = signIn("Temp-Pass-01");
        assertThat(again.result()).isEqualTo("denied");
        assertThat(again.reason()).isEqualTo("account disabled");
        assertThat(store.user("alice").orElseThrow().disabled()).isTrue();
        assertThat(audit()).contains("account.one-time-disabled", "one-time account signed in once; now disabled");
    }

    @Test
    void anAdminsPasswordIsCheckedAgainstTheRulesAndTheHistory() {
        assertThat(passwords.setByAdmin("alice", "Temp-Pass-01".toCharArray(), false))
                .containsExactly("The password must differ from the previous passwords.");
        assertThat(passwords.setByAdmin("alice", "Second-Pass-02".toCharArray(), true)).isEmpty();
        assertThat(passwords.setByAdmin("alice", "Third-Pass-03".toCharArray(), false)).isEmpty();
        // two kept: the first has left the history and may come back
        assertThat(passwords.setByAdmin("alice", "Second-Pass-02".toCharArray(), false)).isNotEmpty();
        assertThat(passwords.setByAdmin("alice", "Temp-Pass-01".toCharArray(), false)).isEmpty();
        assertThat(accounts.history("alice", 10)).hasSize(2).allMatch(h -> h.startsWith("pbkdf2-sha256$"));
    }
}
