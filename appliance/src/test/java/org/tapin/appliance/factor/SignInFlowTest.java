package org.tapin.appliance.factor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tapin.appliance.auth.Authenticator;
import org.tapin.appliance.auth.PasswordHasher;
import org.tapin.appliance.radius.RadiusSettings;
import org.tapin.appliance.store.AuditQuery;
import org.tapin.appliance.store.SqliteStore;
import org.tapin.appliance.store.Store;

/** Second factors after badge and password, with the real store and a clock the test moves. */
class SignInFlowTest {

    @TempDir
    Path dir;

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-23T09:00:10Z"));
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    private final PasswordHasher hasher = new PasswordHasher(1_000);
    private Store store;
    private FactorStore factors;
    private TemporaryCodes codes;
    private SignInFlow flow;
    private byte[] secret;

    @BeforeEach
    void setUp() {
        store = SqliteStore.open(dir.resolve("a.db"));
        factors = SqliteFactorStore.open(dir.resolve("a.db"));
        store.addUser("alice", "Alice Example", hasher.hash("right".toCharArray()));
        store.linkBadge("04A1B2C3", "alice", now.get());
        codes = new TemporaryCodes(factors, hasher, clock);
        Authenticator auth = new Authenticator(store, hasher, 3, Duration.ofMinutes(15), clock);
        flow = new SignInFlow(store, auth, factors, codes, new Continuations(Duration.ofMinutes(2), clock), null,
                RadiusSettings.Role.OFF, 3, Duration.ofMinutes(15), clock);
        secret = Totp.newSecret(new SecureRandom());
        factors.setUserGroup("alice", "clinical");
    }

    @AfterEach
    void tearDown() {
        factors.close();
        store.close();
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
        factors.setTotp("alice", secret, now.get());

        SignInAnswer asked = password();
        assertThat(asked.result()).isEqualTo("second-factor");
        assertThat(asked.methods()).containsExactly("totp");
        assertThat(asked.user().username()).isEqualTo("alice");
        assertThat(asked.expires()).isEqualTo(now.get().plus(Duration.ofMinutes(2)));
        SignInAnswer done = flow.next(asked.token(), null, codeAt(now.get()).toCharArray(), "e-1");
        assertThat(done.result()).isEqualTo("ok");
        assertThat(done.user().displayName()).isEqualTo("Alice Example");

        SignInAnswer tap = flow.badge("04A1B2C3", "e-1");
        assertThat(tap.result()).isEqualTo("second-factor");
        now.set(now.get().plusSeconds(30));
        assertThat(flow.next(tap.token(), "totp", codeAt(now.get()).toCharArray(), "e-1").result()).isEqualTo("ok");

        String audit = allAudit();
        assertThat(audit).contains("auth.second-factor", "asked: group clinical requires totp", "second factor for password: ok");
        assertThat(audit).doesNotContain(asked.token()).doesNotContain(codeAt(now.get()));
    }

    @Test
    void aReplayedCodeIsRefusedAndCounts() {
        factors.setPolicy(new SecondFactorPolicy("clinical", SecondFactorPolicy.Method.TOTP, false, false));
        factors.setTotp("alice", secret, now.get());
        String code = codeAt(now.get());
        assertThat(flow.next(password().token(), null, code.toCharArray(), "e-1").result()).isEqualTo("ok");
        SignInAnswer replay = flow.next(password().token(), null, code.toCharArray(), "e-1");
        assertThat(replay.result()).isEqualTo("denied");
        assertThat(replay.reason()).isEqualTo("wrong code");
        assertThat(store.user("alice").orElseThrow().failures()).isEqualTo(1);
        // the step before the spent one is refused too: codes only move forward
        assertThat(flow.next(password().token(), null, codeAt(now.get().minusSeconds(30)).toCharArray(), "e-1").result())
                .isEqualTo("denied");
    }

    @Test
    void aCodeOneStepOffIsAcceptedTwoStepsOffIsNot() {
        factors.setPolicy(new SecondFactorPolicy("clinical", SecondFactorPolicy.Method.TOTP, false, false));
        factors.setTotp("alice", secret, now.get());
        assertThat(flow.next(password().token(), null, codeAt(now.get().minusSeconds(30)).toCharArray(), "e-1").result()).isEqualTo("ok");
        assertThat(flow.next(password().token(), null, codeAt(now.get().plusSeconds(30)).toCharArray(), "e-1").result()).isEqualTo("ok");
        assertThat(flow.next(password().token(), null, codeAt(now.get().plusSeconds(60)).toCharArray(), "e-1").result()).isEqualTo("denied");
        factors.setTotp("alice", secret, now.get()); // re-enrolment starts the spent steps afresh
        assertThat(flow.next(password().token(), null, codeAt(now.get().minusSeconds(60)).toCharArray(), "e-1").result()).isEqualTo("denied");
    }

    @Test
    void theTokenWorksOnceOnlyFromItsEndpointAndOnlyUntilItExpires() {
        factors.setPolicy(new SecondFactorPolicy("clinical", SecondFactorPolicy.Method.TOTP, false, false));
        factors.setTotp("alice", secret, now.get());
        SignInAnswer asked = password();
        SignInAnswer stolen = flow.next(asked.token(), null, codeAt(now.get()).toCharArray(), "e-2");
        assertThat(stolen.reason()).isEqualTo(SignInFlow.EXPIRED);
        assertThat(flow.next(asked.token(), null, codeAt(now.get()).toCharArray(), "e-1").reason()).isEqualTo(SignInFlow.EXPIRED);

        SignInAnswer wrong = password();
        assertThat(flow.next(wrong.token(), null, "000000".equals(codeAt(now.get())) ? "111111".toCharArray() : "000000".toCharArray(),
                "e-1").result()).isEqualTo("denied");
        assertThat(flow.next(wrong.token(), null, codeAt(now.get()).toCharArray(), "e-1").reason()).isEqualTo(SignInFlow.EXPIRED);

        SignInAnswer late = password();
        now.set(now.get().plus(Duration.ofMinutes(2)));
        assertThat(flow.next(late.token(), null, codeAt(now.get()).toCharArray(), "e-1").reason()).isEqualTo(SignInFlow.EXPIRED);
    }

    @Test
    void passwordOnlyUntilEnrolledThenTotp() {
        factors.setPolicy(new SecondFactorPolicy("clinical", SecondFactorPolicy.Method.TOTP, false, true));
        assertThat(password().result()).isEqualTo("ok");
        assertThat(allAudit()).contains("no TOTP is enrolled yet");
        factors.setTotp("alice", secret, now.get());
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
        factors.setTotp("alice", secret, now.get());
        String bad = codeAt(now.get()).equals("123456") ? "654321" : "123456";
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
        factors.setTotp("alice", secret, now.get());
        SignInAnswer both = password();
        assertThat(both.methods()).containsExactly("totp", "temporary-code");
        assertThat(flow.next(both.token(), null, reusable.code(), "e-1").result()).isEqualTo("ok");
        assertThat(flow.next(password().token(), null, reusable.code(), "e-1").result()).isEqualTo("ok");
        assertThat(flow.next(password().token(), null, onceCode.toCharArray(), "e-1").result()).isEqualTo("denied");

        assertThat(factors.revokeCode(reusable.id())).isTrue();
        assertThat(flow.next(password().token(), null, reusable.code(), "e-1").result()).isEqualTo("denied");

        TemporaryCodes.Issued shortLived = codes.issue("alice", Duration.ofMinutes(10), true);
        now.set(now.get().plus(Duration.ofMinutes(10)));
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
        factors.setTotp("alice", secret, now.get());
        SignInAnswer asked = flow.enroll("0BADBEEF", "alice", "right".toCharArray(), "e-1");
        assertThat(asked.result()).isEqualTo("second-factor");
        assertThat(store.badge("0BADBEEF")).isEmpty();
        assertThat(flow.next(asked.token(), null, codeAt(now.get()).toCharArray(), "e-1").result()).isEqualTo("ok");
        assertThat(store.badge("0BADBEEF").orElseThrow().username()).isEqualTo("alice");
    }

    @Test
    void aRemovedUserTakesTheirSecretAndCodesAlong() {
        factors.setTotp("alice", secret, now.get());
        codes.issue("alice", Duration.ofHours(1), false);
        store.removeUser("alice");
        assertThat(factors.totp("alice")).isEmpty();
        assertThat(factors.codes("alice")).isEmpty();
        assertThat(factors.setTotp("bob", secret, now.get())).isFalse();
    }
}
