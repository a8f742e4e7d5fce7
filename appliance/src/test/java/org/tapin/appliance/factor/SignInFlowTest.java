package org.tapin.appliance.factor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tapin.appliance.fixture.MovingClock;
import org.tapin.appliance.fixture.SignInParts;
import org.tapin.appliance.store.AuditQuery;
import org.tapin.appliance.store.Store;

/** Second factors after badge and password, with the real store and a clock the test moves. */
class SignInFlowTest {

    @TempDir
    Path dir;

    private final MovingClock clock = new MovingClock(Instant.parse("2026-11-23T09:00:10Z"));
    private SignInParts parts;
    private Store store;
    private FactorStore factors;
    private TemporaryCodes codes;
    private SignInFlow flow;
    private byte[] secret;

    @BeforeEach
    void setUp() {
        parts = SignInParts.open(dir.resolve("a.db"), clock).user("alice", "Alice Example", "right").badge("04A1B2C3", "alice");
        store = parts.store;
        factors = parts.factors;
        codes = parts.codes();
        flow = parts.flow(codes, null);
        secret = Totp.newSecret(new SecureRandom());
        factors.setUserGroup("alice", "clinical");
    }

    @AfterEach
    void tearDown() {
        parts.close();
    }

    private String codeAt(Instant t) {
        return Totp.code(secret, Totp.step(t), Totp.DIGITS);
    }

    private SignInAnswer password() {
        return flow.password("alice", "right".toCharArray(), "e-1");
    }

    private String allAudit() {
        return store.audit(new AuditQuery(null, null, null, 1000)).toString();
    }

    @Test
    void aGroupWithoutPolicyNeedsNoSecondFactor() {
        assertThat(password().result()).isEqualTo("ok");
        factors.setPolicy(new SecondFactorPolicy("clinical", SecondFactorPolicy.Method.NONE, true, false));
        assertThat(flow.badge("04A1B2C3", "e-1").result()).isEqualTo("ok");
    }

    @Test
    void totpIsAskedAfterPasswordAndBadgeAndTheCurrentCodeCompletesTheSignIn() {
        factors.setPolicy(new SecondFactorPolicy("clinical", SecondFactorPolicy.Method.TOTP, false, false));
        factors.setTotp("alice", secret, clock.instant());

        SignInAnswer asked = password();
        assertThat(asked.result()).isEqualTo("second-factor");
        assertThat(asked.methods()).containsExactly("totp");
        assertThat(asked.user().username()).isEqualTo("alice");
        assertThat(asked.expires()).isEqualTo(clock.instant().plus(Duration.ofMinutes(2)));
        SignInAnswer done = flow.next(asked.token(), null, codeAt(clock.instant()).toCharArray(), "e-1");
        assertThat(done.result()).isEqualTo("ok");
        assertThat(done.user().displayName()).isEqualTo("Alice Example");

        SignInAnswer tap = flow.badge("04A1B2C3", "e-1");
        assertThat(tap.result()).isEqualTo("second-factor");
        clock.advance(Duration.ofSeconds(30));
        assertThat(flow.next(tap.token(), "totp", codeAt(clock.instant()).toCharArray(), "e-1").result()).isEqualTo("ok");

        String audit = allAudit();
        assertThat(audit).contains("auth.second-factor", "asked: group clinical requires totp", "second factor for password: ok");
        assertThat(audit).doesNotContain(asked.token()).doesNotContain(codeAt(clock.instant()));
    }

    @Test
    void aReplayedCodeIsRefusedAndCounts() {
        factors.setPolicy(new SecondFactorPolicy("clinical", SecondFactorPolicy.Method.TOTP, false, false));
        factors.setTotp("alice", secret, clock.instant());
        String code = codeAt(clock.instant());
        assertThat(flow.next(password().token(), null, code.toCharArray(), "e-1").result()).isEqualTo("ok");
        SignInAnswer replay = flow.next(password().token(), null, code.toCharArray(), "e-1");
        assertThat(replay.result()).isEqualTo("denied");
        assertThat(replay.reason()).isEqualTo("wrong code");
        assertThat(store.user("alice").orElseThrow().failures()).isEqualTo(1);
        // the step before the spent one is refused too: codes only move forward
        assertThat(flow.next(password().token(), null, codeAt(clock.instant().minusSeconds(30)).toCharArray(), "e-1").result())
                .isEqualTo("denied");
    }

    @Test
    void aCodeOneStepOffIsAcceptedTwoStepsOffIsNot() {
        factors.setPolicy(new SecondFactorPolicy("clinical", SecondFactorPolicy.Method.TOTP, false, false));
        factors.setTotp("alice", secret, clock.instant());
        assertThat(flow.next(password().token(), null, codeAt(clock.instant().minusSeconds(30)).toCharArray(), "e-1").result()).isEqualTo("ok");
        assertThat(flow.next(password().token(), null, codeAt(clock.instant().plusSeconds(30)).toCharArray(), "e-1").result()).isEqualTo("ok");
        assertThat(flow.next(password().token(), null, codeAt(clock.instant().plusSeconds(60)).toCharArray(), "e-1").result()).isEqualTo("denied");
        factors.setTotp("alice", secret, clock.instant()); // re-enrolment starts the spent steps afresh
        assertThat(flow.next(password().token(), null, codeAt(clock.instant().minusSeconds(60)).toCharArray(), "e-1").result()).isEqualTo("denied");
    }

    @Test
    void theTokenWorksOnceOnlyFromItsEndpointAndOnlyUntilItExpires() {
        factors.setPolicy(new SecondFactorPolicy("clinical", SecondFactorPolicy.Method.TOTP, false, false));
        factors.setTotp("alice", secret, clock.instant());
        SignInAnswer asked = password();
        SignInAnswer stolen = flow.next(asked.token(), null, codeAt(clock.instant()).toCharArray(), "e-2");
        assertThat(stolen.reason()).isEqualTo(SignInFlow.EXPIRED);
        assertThat(flow.next(asked.token(), null, codeAt(clock.instant()).toCharArray(), "e-1").reason()).isEqualTo(SignInFlow.EXPIRED);

        SignInAnswer wrong = password();
        assertThat(flow.next(wrong.token(), null, "000000".equals(codeAt(clock.instant())) ? "111111".toCharArray() : "000000".toCharArray(),
                "e-1").result()).isEqualTo("denied");
        assertThat(flow.next(wrong.token(), null, codeAt(clock.instant()).toCharArray(), "e-1").reason()).isEqualTo(SignInFlow.EXPIRED);

        SignInAnswer late = password();
        clock.advance(Duration.ofMinutes(2));
        assertThat(flow.next(late.token(), null, codeAt(clock.instant()).toCharArray(), "e-1").reason()).isEqualTo(SignInFlow.EXPIRED);
    }

    @Test
    void passwordOnlyUntilEnrolledThenTotp() {
        factors.setPolicy(new SecondFactorPolicy("clinical", SecondFactorPolicy.Method.TOTP, false, true));
        assertThat(password().result()).isEqualTo("ok");
        assertThat(allAudit()).contains("no TOTP is enrolled yet");
        factors.setTotp("alice", secret, clock.instant());
        assertThat(password().result()).isEqualTo("second-factor");

        factors.setPolicy(new SecondFactorPolicy("clinical", SecondFactorPolicy.Method.TOTP, false, false));
        factors.removeTotp("alice");
        SignInAnswer refused = password();
        assertThat(refused.result()).isEqualTo("denied");
        assertThat(refused.reason()).contains("none is enrolled");
    }

    @Test
    void wrongCodesLockTheAccountLikeWrongPasswords() {
        factors.setPolicy(new SecondFactorPolicy("clinical", SecondFactorPolicy.Method.TOTP, false, false));
        factors.setTotp("alice", secret, clock.instant());
        String bad = codeAt(clock.instant()).equals("123456") ? "654321" : "123456";
        assertThat(flow.next(password().token(), null, bad.toCharArray(), "e-1").reason()).isEqualTo("wrong code");
        assertThat(flow.password("alice", "nope".toCharArray(), "e-1").result()).isEqualTo("denied");
        SignInAnswer third = flow.next(password().token(), null, bad.toCharArray(), "e-1");
        assertThat(third.reason()).startsWith("wrong code; account locked until 2026-11-23T09:15:10Z");
        assertThat(password().reason()).startsWith("account locked until");
        assertThat(store.audit(new AuditQuery("auth.lockout", "alice", null, 10))).hasSize(1);
    }

    @Test
    void temporaryCodesStandInForTotpOnceUntilTheyExpireOrAreRevoked() {
        factors.setPolicy(new SecondFactorPolicy("clinical", SecondFactorPolicy.Method.TOTP, true, false));
        assertThat(password().reason()).contains("none is enrolled"); // no TOTP, no code yet

        TemporaryCodes.Issued once = codes.issue("alice", Duration.ofHours(1), false);
        String onceCode = new String(once.code());
        SignInAnswer asked = password();
        assertThat(asked.methods()).containsExactly("temporary-code");
        assertThat(flow.next(asked.token(), "temporary-code", once.code(), "e-1").result()).isEqualTo("ok");
        assertThat(password().result()).isEqualTo("denied"); // spent: nothing left to offer

        TemporaryCodes.Issued reusable = codes.issue("alice", Duration.ofHours(1), true);
        factors.setTotp("alice", secret, clock.instant());
        SignInAnswer both = password();
        assertThat(both.methods()).containsExactly("totp", "temporary-code");
        assertThat(flow.next(both.token(), null, reusable.code(), "e-1").result()).isEqualTo("ok");
        assertThat(flow.next(password().token(), null, reusable.code(), "e-1").result()).isEqualTo("ok");
        assertThat(flow.next(password().token(), null, onceCode.toCharArray(), "e-1").result()).isEqualTo("denied");

        assertThat(factors.revokeCode(reusable.id())).isTrue();
        assertThat(flow.next(password().token(), null, reusable.code(), "e-1").result()).isEqualTo("denied");

        TemporaryCodes.Issued shortLived = codes.issue("alice", Duration.ofMinutes(10), true);
        clock.advance(Duration.ofMinutes(10));
        assertThat(password().methods()).containsExactly("totp");
        assertThat(flow.next(password().token(), null, shortLived.code(), "e-1").reason()).startsWith("wrong code; account locked");

        String audit = allAudit();
        assertThat(audit).contains("auth.temporary-code").doesNotContain(onceCode).doesNotContain(new String(reusable.code()));
        assertThat(factors.codes("alice").toString()).doesNotContain("pbkdf2");
        Arrays.fill(reusable.code(), '\0');
    }

    @Test
    void enrollmentLinksTheBadgeOnlyAfterTheSecondFactor() {
        factors.setPolicy(new SecondFactorPolicy("clinical", SecondFactorPolicy.Method.TOTP, false, false));
        factors.setTotp("alice", secret, clock.instant());
        SignInAnswer asked = flow.enroll("0BADBEEF", "alice", "right".toCharArray(), "e-1");
        assertThat(asked.result()).isEqualTo("second-factor");
        assertThat(store.badge("0BADBEEF")).isEmpty();
        assertThat(flow.next(asked.token(), null, codeAt(clock.instant()).toCharArray(), "e-1").result()).isEqualTo("ok");
        assertThat(store.badge("0BADBEEF").orElseThrow().username()).isEqualTo("alice");
    }

    @Test
    void aRemovedUserTakesTheirSecretAndCodesAlong() {
        factors.setTotp("alice", secret, clock.instant());
        codes.issue("alice", Duration.ofHours(1), false);
        store.removeUser("alice");
        assertThat(factors.totp("alice")).isEmpty();
        assertThat(factors.codes("alice")).isEmpty();
        assertThat(factors.setTotp("bob", secret, clock.instant())).isFalse();
    }
}
