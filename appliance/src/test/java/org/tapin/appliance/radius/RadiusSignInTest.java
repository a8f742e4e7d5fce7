package org.tapin.appliance.radius;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.tapin.appliance.fixture.SignInParts;
import org.tapin.appliance.factor.FactorStore;
import org.tapin.appliance.factor.SecondFactorPolicy;
import org.tapin.appliance.factor.SignInAnswer;
import org.tapin.appliance.factor.SignInFlow;
import org.tapin.appliance.store.AuditQuery;
import org.tapin.appliance.store.Store;
import org.tapin.testkit.radius.FreeRadius;
import org.tapin.testkit.radius.FreeRadiusExtension;

/** Sign-ins that ask a real FreeRADIUS: as the first factor (with its challenge) and as the second factor. */
class RadiusSignInTest {

    @RegisterExtension
    static final FreeRadiusExtension RADIUS = new FreeRadiusExtension();

    @TempDir
    Path dir;

    private SignInParts parts;
    private Store store;
    private FactorStore factors;

    @BeforeEach
    void setUp() {
        // Local accounts carry badges, lockout and display names; their local passwords differ from RADIUS's.
        parts = SignInParts.open(dir.resolve("a.db"), Clock.systemUTC()).user("bob", "Bob Example", "bob-local")
                .user("carol", "Carol Example", "carol-local");
        store = parts.store;
        factors = parts.factors;
    }

    @AfterEach
    void tearDown() {
        parts.close();
    }

    private SignInFlow flow(RadiusSettings.Role role, List<InetSocketAddress> servers) throws Exception {
        RadiusSettings settings = new RadiusSettings(role, servers, RADIUS.server().secretFile(), "ward3-test", Duration.ofSeconds(3), 0);
        return parts.flow(parts.codes(), SignInParts.TOKEN_LIFETIME, new RadiusClientCheck(settings), role, SignInParts.MAX_FAILURES,
                SignInParts.LOCKOUT, null);
    }

    private static List<InetSocketAddress> server() {
        return List.of(InetSocketAddress.createUnresolved("127.0.0.1", RADIUS.server().port()));
    }

    @Test
    void asTheFirstFactorRadiusDecidesThePasswordAndItsRejectsCountTowardLockout() throws Exception {
        SignInFlow flow = flow(RadiusSettings.Role.FIRST_FACTOR, server());
        SignInAnswer ok = flow.password("bob", FreeRadius.ACCEPT_PASSWORD.toCharArray(), "e-1");
        assertThat(ok.result()).isEqualTo("ok");
        assertThat(ok.user().displayName()).isEqualTo("Bob Example");
        assertThat(flow.password("bob", "bob-local".toCharArray(), "e-1").result()).isEqualTo("denied");
        assertThat(flow.password("bob", "x".toCharArray(), "e-1").result()).isEqualTo("denied");
        SignInAnswer third = flow.password("bob", "y".toCharArray(), "e-1");
        assertThat(third.reason()).contains("account locked until");
        // locked: RADIUS is not even asked, so the right password is refused too
        assertThat(flow.password("bob", FreeRadius.ACCEPT_PASSWORD.toCharArray(), "e-1").reason()).startsWith("account locked until");
        assertThat(flow.password("nobody", "x".toCharArray(), "e-1").result()).isEqualTo("denied");

        String audit = store.audit(new AuditQuery(null, null, null, 100)).toString();
        assertThat(audit).contains("via RADIUS").doesNotContain(FreeRadius.ACCEPT_PASSWORD);
    }

    @Test
    void aRadiusChallengeIsShownAndItsAnswerCompletesTheSignIn() throws Exception {
        SignInFlow flow = flow(RadiusSettings.Role.FIRST_FACTOR, server());
        SignInAnswer challenge = flow.password("carol", FreeRadius.CHALLENGE_PASSWORD.toCharArray(), "e-1");
        assertThat(challenge.result()).isEqualTo("challenge");
        assertThat(challenge.message()).isEqualTo(FreeRadius.CHALLENGE_PROMPT);
        assertThat(challenge.token()).isNotBlank();
        SignInAnswer done = flow.next(challenge.token(), null, FreeRadius.CHALLENGE_ANSWER.toCharArray(), "e-1");
        assertThat(done.result()).isEqualTo("ok");
        assertThat(done.user().username()).isEqualTo("carol");

        SignInAnswer again = flow.password("carol", FreeRadius.CHALLENGE_PASSWORD.toCharArray(), "e-1");
        SignInAnswer wrong = flow.next(again.token(), null, "000000".toCharArray(), "e-1");
        assertThat(wrong.result()).isEqualTo("denied");
        assertThat(wrong.reason()).isEqualTo("Wrong code");
        assertThat(store.user("carol").orElseThrow().failures()).isEqualTo(1);
    }

    @Test
    void asTheSecondFactorRadiusIsAskedAfterTheLocalPasswordChallengeAndAll() throws Exception {
        SignInFlow flow = flow(RadiusSettings.Role.SECOND_FACTOR, server());
        factors.setUserGroup("carol", "remote");
        factors.setPolicy(new SecondFactorPolicy("remote", SecondFactorPolicy.Method.RADIUS, false, false));
        SignInAnswer asked = flow.password("carol", "carol-local".toCharArray(), "e-1");
        assertThat(asked.result()).isEqualTo("second-factor");
        assertThat(asked.methods()).containsExactly("radius");
        SignInAnswer challenge = flow.next(asked.token(), "radius", FreeRadius.CHALLENGE_PASSWORD.toCharArray(), "e-1");
        assertThat(challenge.result()).isEqualTo("challenge");
        assertThat(flow.next(challenge.token(), null, FreeRadius.CHALLENGE_ANSWER.toCharArray(), "e-1").result()).isEqualTo("ok");
    }

    @Test
    void whenNoRadiusServerAnswersTheSignInIsDeniedNotWaved() throws Exception {
        InetSocketAddress dead = InetSocketAddress.createUnresolved("127.0.0.1", 9); // discard: nothing answers RADIUS there
        SignInFlow flow = flow(RadiusSettings.Role.FIRST_FACTOR, List.of(dead));
        SignInAnswer answer = flow.password("bob", FreeRadius.ACCEPT_PASSWORD.toCharArray(), "e-1");
        assertThat(answer.result()).isEqualTo("denied");
        assertThat(answer.reason()).contains("RADIUS server gave no usable answer");
        assertThat(store.user("bob").orElseThrow().failures()).isZero(); // an outage is not the user's wrong guess
    }
}
