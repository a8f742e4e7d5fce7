package org.tapin.appliance.auth;

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
import org.tapin.appliance.store.AuditQuery;
import org.tapin.appliance.store.AuditRecord;
import org.tapin.appliance.store.BadgeRange;
import org.tapin.appliance.store.Store;

class AuthenticatorTest {

    @TempDir
    Path dir;

    private final MovingClock clock = new MovingClock(Instant.parse("2026-11-23T09:00:00Z"));
    private SignInParts parts;
    private PasswordHasher hasher;
    private Store store;
    private Authenticator auth;

    @BeforeEach
    void setUp() {
        parts = SignInParts.open(dir.resolve("a.db"), clock).user("alice", "Alice Example", "right").badge("04A1B2C3", "alice");
        hasher = parts.hasher;
        store = parts.store;
        auth = parts.authenticator();
    }

    @AfterEach
    void tearDown() {
        parts.close();
    }

    @Test
    void badgeAnswersTheUserOrUnknownAndEveryDecisionIsAudited() {
        Decision ok = auth.badge("04a1b2c3", "e-1");
        assertThat(ok.result()).isEqualTo("ok");
        assertThat(ok.user().displayName()).isEqualTo("Alice Example");
        assertThat(auth.badge("FFFFFFFF", "e-1").result()).isEqualTo("unknown-badge");
        var events = store.audit(new AuditQuery("auth.badge", null, null, 10));
        assertThat(events).extracting(AuditRecord::detail).containsExactly("badge …b2c3: ok", "badge …FFFF: unknown-badge");
        assertThat(events).allSatisfy(e -> assertThat(e.endpoint()).isEqualTo("e-1"));
    }

    @Test
    void wrongPasswordsLockTheAccountUntilTheLockoutEnds() {
        assertThat(auth.password("alice", "x".toCharArray(), "e-1").reason()).isEqualTo(Authenticator.WRONG);
        assertThat(auth.password("alice", "y".toCharArray(), "e-1").reason()).isEqualTo(Authenticator.WRONG);
        assertThat(auth.password("alice", "z".toCharArray(), "e-1").reason()).contains("locked until 2026-11-23T09:15:00Z");
        // locked: even the right password and the badge are refused
        assertThat(auth.password("alice", "right".toCharArray(), "e-1").reason()).startsWith("account locked until");
        assertThat(auth.badge("04A1B2C3", "e-1").result()).isEqualTo("denied");
        assertThat(store.audit(new AuditQuery("auth.lockout", "alice", null, 10))).hasSize(1);
        clock.advance(Duration.ofMinutes(16));
        assertThat(auth.password("alice", "right".toCharArray(), "e-1").result()).isEqualTo("ok");
    }

    @Test
    void aGoodPasswordResetsTheCount() {
        auth.password("alice", "x".toCharArray(), "e-1");
        auth.password("alice", "x".toCharArray(), "e-1");
        assertThat(auth.password("alice", "right".toCharArray(), "e-1").result()).isEqualTo("ok");
        assertThat(store.user("alice").orElseThrow().failures()).isZero();
        auth.password("alice", "x".toCharArray(), "e-1");
        assertThat(auth.password("alice", "right".toCharArray(), "e-1").result()).isEqualTo("ok");
    }

    @Test
    void unknownUsersAndDisabledAccountsAreDenied() {
        assertThat(auth.password("mallory", "right".toCharArray(), "e-1").reason()).isEqualTo(Authenticator.WRONG);
        store.setDisabled("alice", true);
        assertThat(auth.password("alice", "right".toCharArray(), "e-1").reason()).isEqualTo("account disabled");
        assertThat(auth.badge("04A1B2C3", "e-1").reason()).isEqualTo("account disabled");
    }

    @Test
    void enrollmentLinksAnUnknownBadgeAfterThePassword() {
        assertThat(auth.enroll("0BADBEEF", "alice", "wrong".toCharArray(), "e-1").result()).isEqualTo("denied");
        assertThat(store.badge("0BADBEEF")).isEmpty();
        assertThat(auth.enroll("0BADBEEF", "alice", "right".toCharArray(), "e-1").result()).isEqualTo("ok");
        assertThat(auth.badge("0BADBEEF", "e-1").user().username()).isEqualTo("alice");
        store.addUser("bob", "Bob", hasher.hash("bobpw".toCharArray()));
        assertThat(auth.enroll("0BADBEEF", "bob", "bobpw".toCharArray(), "e-1").reason()).isEqualTo("this badge belongs to another user");
    }

    @Test
    void rangesLimitEnrollmentAndDenyRangesRefuseTaps() {
        store.addBadgeRange(BadgeRange.Kind.ALLOW, "04000000", "04FFFFFF");
        assertThat(auth.enroll("05000000", "alice", "right".toCharArray(), "e-1").reason()).isEqualTo("this badge may not be enrolled");
        assertThat(auth.enroll("04000001", "alice", "right".toCharArray(), "e-1").result()).isEqualTo("ok");
        store.addBadgeRange(BadgeRange.Kind.DENY, "04A00000", "04AFFFFF");
        assertThat(auth.badge("04A1B2C3", "e-1").reason()).isEqualTo("this badge is not allowed");
    }
}
