package org.tapin.agent.appliance.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.tapin.agent.appliance.ApplianceTransport;
import org.tapin.agent.appliance.CaFolderTrust;
import org.tapin.agent.config.TapinConfig;
import org.tapin.agent.reader.BadgeId;
import org.tapin.agent.session.Outcome;
import org.tapin.agent.session.Secret;
import org.tapin.agent.session.User;
import org.tapin.testkit.FreePorts;
import org.tapin.testkit.tls.TlsMaterial;
import org.tapin.testkit.tls.TlsMaterialExtension;

/** The authenticator against a scripted appliance over real TLS: every answer, good or bad, becomes one Outcome. */
@ExtendWith(TlsMaterialExtension.class)
class ApplianceAuthenticatorTest {

    static final TapinConfig.Ssl FAST = new TapinConfig.Ssl(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(2));

    @TempDir
    Path data;

    private FakeAppliance appliance;
    private ApplianceAuthenticator auth;
    private final BlockingQueue<Object[]> answers = new LinkedBlockingQueue<>();

    @BeforeEach
    void start(TlsMaterial tls) throws Exception {
        appliance = new FakeAppliance(tls.server(TlsMaterial.Kind.VALID).serverSslContext());
        auth = new ApplianceAuthenticator(client(tls, List.of(appliance.uri())), (attempt, outcome) -> answers.add(new Object[] {attempt, outcome}));
    }

    private ApplianceClient client(TlsMaterial tls, List<URI> appliances) throws Exception {
        OkHttpClient http = ApplianceTransport.client(CaFolderTrust.load(tls.caFolder()).trustManager(), FAST);
        return new ApplianceClient(http, appliances, new CredentialFile(data),
                new EndpointFacts("ward3-07", List.of("52:54:00:12:34:56"), List.of("10.0.3.7"), "0.1.0", ""), null);
    }

    @AfterEach
    void stop() {
        auth.close();
        appliance.close();
    }

    private Outcome next(long attempt) throws InterruptedException {
        Object[] a = answers.poll(10, TimeUnit.SECONDS);
        assertThat(a).as("an answer within 10 s").isNotNull();
        assertThat(a[0]).isEqualTo(attempt);
        return (Outcome) a[1];
    }

    @Test
    void registersOnceKeepsTheCredentialOwnerOnlyAndSendsIt() throws Exception {
        appliance.answer("/v1/auth/badge", 200, "{\"result\":\"ok\",\"user\":{\"username\":\"alice\",\"displayName\":\"Alice Example\"}}");
        auth.verifyBadge(1, new BadgeId("04A1B2C3"));
        assertThat(next(1)).isEqualTo(new Outcome.Ok(new User("alice", "Alice Example")));
        auth.verifyBadge(2, new BadgeId("04A1B2C3"));
        next(2);
        Path file = data.resolve(CredentialFile.NAME);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(appliance.seen.stream().filter(s -> s.path().equals("/v1/endpoints")).count()).isEqualTo(1);
        FakeAppliance.Seen registration = appliance.seen.get(0);
        assertThat(registration.body()).contains("\"computerName\":\"ward3-07\"").contains("52:54:00:12:34:56");
        assertThat(appliance.seen.get(1).authorization()).isEqualTo("Bearer cred-1");
        assertThat(appliance.seen.get(1).body()).isEqualTo("{\"badge\":\"04A1B2C3\"}");
    }

    @Test
    void everyDecisionMapsToItsOutcome() throws Exception {
        BadgeId badge = new BadgeId("0BADBEEF");
        appliance.answer("/v1/auth/badge", 200, "{\"result\":\"unknown-badge\"}");
        auth.verifyBadge(1, badge);
        assertThat(next(1)).isEqualTo(new Outcome.UnknownBadge(badge));
        appliance.answer("/v1/auth/badge", 200, "{\"result\":\"denied\",\"reason\":\"account disabled\"}");
        auth.verifyBadge(2, badge);
        assertThat(next(2)).isEqualTo(new Outcome.Denied("Account disabled."));
        appliance.answer("/v1/auth/badge", 200, "{\"result\":\"second-factor\",\"method\":\"totp\",\"methods\":[\"totp\","
                + "\"temporary-code\"],\"token\":\"t-1\",\"user\":{\"username\":\"bob\"}}");
        auth.verifyBadge(3, badge);
        assertThat(next(3)).isEqualTo(new Outcome.SecondFactorNeeded(new User("bob", "bob"),
                "Enter the code from your authenticator app or a temporary code from the help desk"));
    }

    @Test
    void theSecondFactorGoesOnWithTheTokenOnceAndIsCleared() throws Exception {
        appliance.answer("/v1/auth/badge", 200, "{\"result\":\"second-factor\",\"methods\":[\"totp\"],\"token\":\"tok-42\","
                + "\"user\":{\"username\":\"bob\"}}");
        auth.verifyBadge(1, new BadgeId("0BADBEEF"));
        assertThat(next(1)).isInstanceOf(Outcome.SecondFactorNeeded.class);
        appliance.answer("/v1/auth/second-factor", 200, "{\"result\":\"ok\",\"user\":{\"username\":\"bob\",\"displayName\":\"Bob\"}}");
        Secret code = Secret.wrap("123456".toCharArray());
        auth.verifySecondFactor(2, new User("bob", "bob"), code);
        assertThat(next(2)).isEqualTo(new Outcome.Ok(new User("bob", "Bob")));
        assertThat(appliance.seen.get(appliance.seen.size() - 1).body()).isEqualTo("{\"token\":\"tok-42\",\"code\":\"123456\"}");
        assertThat(code.reveal()).containsOnly('\0');

        Secret again = Secret.wrap("654321".toCharArray());
        int calls = appliance.seen.size();
        auth.verifySecondFactor(3, new User("bob", "bob"), again); // the token was spent
        assertThat(next(3)).isEqualTo(new Outcome.Denied(ApplianceAuthenticator.NO_PENDING_SIGN_IN));
        assertThat(appliance.seen).hasSize(calls);
        assertThat(again.reveal()).containsOnly('\0');
    }

    @Test
    void aPasswordChangeGoesOnWithItsTokenAndAnExpiryWarningBecomesANotice() throws Exception {
        appliance.answer("/v1/auth/password", 200, "{\"result\":\"change-password\",\"reason\":\"Your password has expired. "
                + "Choose a new one.\",\"rules\":[\"At least 1 digit.\"],\"token\":\"cp-7\",\"user\":{\"username\":\"dana\"}}");
        auth.verifyPassword(11, "dana", Secret.wrap("Old-Pass-1".toCharArray()));
        assertThat(next(11)).isEqualTo(new Outcome.PasswordChangeNeeded(new User("dana", "dana"),
                "Your password has expired. Choose a new one.", List.of("At least 1 digit.")));
        appliance.answer("/v1/auth/change-password", 200, "{\"result\":\"ok\",\"user\":{\"username\":\"dana\"},"
                + "\"passwordExpiresInDays\":3}");
        Secret fresh = Secret.wrap("New-Pass-2".toCharArray());
        auth.changePassword(12, new User("dana", "dana"), fresh);
        assertThat(next(12)).isEqualTo(new Outcome.Ok(new User("dana", "dana"),
                "Your password expires in 3 days. You will be asked for a new one when it does."));
        assertThat(appliance.seen.get(appliance.seen.size() - 1).body()).isEqualTo("{\"token\":\"cp-7\",\"password\":\"New-Pass-2\"}");
        assertThat(fresh.reveal()).containsOnly('\0');

        appliance.answer("/v1/auth/password", 200, "{\"result\":\"change-password\",\"user\":{\"username\":\"dana\"}}");
        auth.verifyPassword(13, "dana", Secret.wrap("Old-Pass-1".toCharArray()));
        assertThat(next(13)).as("a change without a token is unusable").isInstanceOf(Outcome.Unreachable.class);
    }

    @Test
    void aRadiusChallengeShowsTheServersMessageAndIsAnsweredWithItsToken() throws Exception {
        appliance.answer("/v1/auth/password", 200, "{\"result\":\"challenge\",\"message\":\"Enter the code sent to\\nyour phone\","
                + "\"token\":\"ch-1\"}");
        auth.verifyPassword(4, "carol", Secret.wrap("pw".toCharArray()));
        assertThat(next(4)).isEqualTo(new Outcome.SecondFactorNeeded(new User("carol", "carol"), "Enter the code sent to your phone"));
        appliance.answer("/v1/auth/second-factor", 200, "{\"result\":\"denied\",\"reason\":\"wrong code\"}");
        auth.verifySecondFactor(5, new User("carol", "carol"), Secret.wrap("000000".toCharArray()));
        assertThat(next(5)).isEqualTo(new Outcome.Denied("Wrong code."));
        assertThat(appliance.seen.get(appliance.seen.size() - 1).body()).startsWith("{\"token\":\"ch-1\"");
    }

    @Test
    void passwordsAreSentAsJsonAndClearedAfterwards() throws Exception {
        appliance.answer("/v1/auth/password", 200, "{\"result\":\"ok\",\"user\":{\"username\":\"alice\",\"displayName\":\"A\"}}");
        char[] typed = "p\"w\\ö".toCharArray();
        Secret secret = Secret.wrap(typed);
        auth.verifyPassword(7, "alice", secret);
        assertThat(next(7)).isInstanceOf(Outcome.Ok.class);
        assertThat(new String(typed)).isEqualTo("\0\0\0\0\0");
        FakeAppliance.Seen sent = appliance.seen.get(appliance.seen.size() - 1);
        assertThat(sent.body()).isEqualTo("{\"username\":\"alice\",\"password\":\"p\\\"w\\\\ö\"}");

        appliance.answer("/v1/auth/enroll", 200, "{\"result\":\"denied\",\"reason\":\"wrong user name or password\"}");
        Secret other = Secret.wrap("x".toCharArray());
        auth.enroll(8, new BadgeId("0BADBEEF"), "alice", other);
        assertThat(next(8)).isEqualTo(new Outcome.Denied("Wrong user name or password."));
        assertThat(other.reveal()).containsOnly('\0');
    }

    @Test
    void malformedAnswersAndOddStatusesAreUnreachableNotCrashes() throws Exception {
        String[][] cases = {{"200", "not json"}, {"200", "[1,2]"}, {"200", "{\"result\":\"maybe\"}"},
            {"200", "{\"result\":\"ok\"}"}, {"400", "{\"error\":\"bad-request\",\"message\":\"x\"}"}, {"404", ""}};
        long attempt = 0;
        for (String[] c : cases) {
            appliance.answer("/v1/auth/badge", Integer.parseInt(c[0]), c[1]);
            auth.verifyBadge(++attempt, new BadgeId("04A1B2C3"));
            assertThat(next(attempt)).as(c[0] + " " + c[1]).isInstanceOf(Outcome.Unreachable.class);
        }
    }

    @Test
    void aRevokedEndpointIsDeniedAndAnUnknownOneRegistersAgain() throws Exception {
        appliance.answer("/v1/auth/badge", 403, "{\"error\":\"endpoint-revoked\",\"message\":\"an admin revoked this endpoint\"}");
        auth.verifyBadge(1, new BadgeId("04A1B2C3"));
        assertThat(next(1)).isEqualTo(new Outcome.Denied(ApplianceAuthenticator.REVOKED));

        appliance.answer("/v1/auth/badge", 401, "{\"error\":\"unknown-endpoint\",\"message\":\"\"}");
        auth.verifyBadge(2, new BadgeId("04A1B2C3"));
        next(2);
        // the 401 made it register again (and the second try got 401 too, so no loop)
        assertThat(appliance.seen.stream().filter(s -> s.path().equals("/v1/endpoints")).count()).isEqualTo(2);
    }

    @Test
    void noApplianceIsUnreachableWithTheReason(TlsMaterial tls) throws Exception {
        try (ApplianceAuthenticator lonely = new ApplianceAuthenticator(
                client(tls, List.of(URI.create("https://localhost:" + FreePorts.loopback()))),
                (attempt, outcome) -> answers.add(new Object[] {attempt, outcome}))) {
            Secret secret = Secret.wrap("pw".toCharArray());
            lonely.verifyPassword(5, "alice", secret);
            Outcome outcome = next(5);
            assertThat(outcome).isInstanceOf(Outcome.Unreachable.class);
            assertThat(((Outcome.Unreachable) outcome).detail()).contains("connection refused");
            assertThat(secret.reveal()).containsOnly('\0');
        }
    }

    @Test
    void aSecondFactorNobodyAskedForIsDeniedWithoutACall() throws Exception {
        Secret code = Secret.wrap("123456".toCharArray());
        auth.verifySecondFactor(9, new User("alice", "A"), code);
        assertThat(next(9)).isEqualTo(new Outcome.Denied(ApplianceAuthenticator.NO_PENDING_SIGN_IN));
        assertThat(code.reveal()).containsOnly('\0');
        assertThat(appliance.seen).isEmpty();
    }
}
