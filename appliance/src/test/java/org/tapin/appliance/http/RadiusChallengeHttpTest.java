package org.tapin.appliance.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.tapin.appliance.ApplianceConfig;
import org.tapin.appliance.auth.Authenticator;
import org.tapin.appliance.auth.PasswordHasher;
import org.tapin.appliance.factor.Continuations;
import org.tapin.appliance.factor.FactorStore;
import org.tapin.appliance.factor.SignInFlow;
import org.tapin.appliance.factor.SqliteFactorStore;
import org.tapin.appliance.factor.TemporaryCodes;
import org.tapin.appliance.radius.RadiusClientCheck;
import org.tapin.appliance.store.AuditQuery;
import org.tapin.appliance.store.SqliteStore;
import org.tapin.appliance.store.Store;
import org.tapin.testkit.FreePorts;
import org.tapin.testkit.radius.FreeRadius;
import org.tapin.testkit.radius.FreeRadiusExtension;
import org.tapin.testkit.tls.ServerFiles;
import org.tapin.testkit.tls.TlsMaterial;
import org.tapin.testkit.tls.TlsMaterialExtension;

/**
 * The whole stack as configured by an admin: appliance.conf with radius.role = first-factor, real TLS, a real
 * FreeRADIUS that challenges. Secrets are planted and looked for in every log line and audit event.
 */
@ExtendWith(TlsMaterialExtension.class)
class RadiusChallengeHttpTest {

    @RegisterExtension
    static final FreeRadiusExtension RADIUS = new FreeRadiusExtension();

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Store store;
    private FactorStore factors;
    private ApplianceServer server;
    private HttpClient http;
    private URI base;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    @BeforeEach
    void start(TlsMaterial tls) throws Exception {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
        logs.start();
        ServerFiles valid = tls.server(TlsMaterial.Kind.VALID);
        int port = FreePorts.loopback();
        Path conf = dir.resolve("appliance.conf");
        Files.writeString(conf, String.join("\n", "listen.host = 127.0.0.1", "listen.port = " + port,
                "tls.certificate = " + valid.certificateChain(), "tls.key = " + valid.privateKey(),
                "store.path = store/appliance.db", "password.iterations = 1000",
                "radius.role = first-factor",
                "radius.server = 127.0.0.1:" + RADIUS.server().port(),
                "radius.secret-file = " + RADIUS.server().secretFile(),
                "radius.timeout-seconds = 3", "radius.retries = 0"));
        ApplianceConfig config = ApplianceConfig.load(conf);
        PasswordHasher hasher = new PasswordHasher(1_000);
        Clock clock = Clock.systemUTC();
        store = SqliteStore.open(config.store());
        factors = SqliteFactorStore.open(config.store());
        store.addUser("carol", "Carol Example", hasher.hash("carol-local".toCharArray()));
        Authenticator auth = new Authenticator(store, hasher, 5, config.lockoutDuration(), clock);
        SignInFlow flow = new SignInFlow(store, auth, factors, new TemporaryCodes(factors, hasher, clock),
                new Continuations(config.secondFactorTokenLifetime(), clock), new RadiusClientCheck(config.radius()),
                config.radius().role(), 5, config.lockoutDuration(), clock);
        server = new ApplianceServer(config, store, flow, clock).start();
        http = HttpClient.newBuilder().sslContext(tls.sslContextTrustingCa()).connectTimeout(Duration.ofSeconds(5)).build();
        base = URI.create("https://localhost:" + port);
    }

    @AfterEach
    void stop() {
        server.close();
        factors.close();
        store.close();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
    }

    private JsonNode post(String path, String credential, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (credential != null) {
            b.header("Authorization", "Bearer " + credential);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isIn(200, 201);
        return JSON.readTree(r.body());
    }

    @Test
    void aChallengedPasswordIsCompletedWithTheAnswerAndNoSecretIsLoggedOrAudited() throws Exception {
        String c = post("/v1/endpoints", null, "{\"computerName\":\"ward3-07\"}").get("credential").asText();
        JsonNode challenge = post("/v1/auth/password", c,
                "{\"username\":\"carol\",\"password\":\"" + FreeRadius.CHALLENGE_PASSWORD + "\"}");
        assertThat(challenge.get("result").asText()).isEqualTo("challenge");
        assertThat(challenge.get("message").asText()).isEqualTo(FreeRadius.CHALLENGE_PROMPT);
        String token = challenge.get("token").asText();

        JsonNode done = post("/v1/auth/second-factor", c, "{\"token\":\"" + token + "\",\"code\":\"" + FreeRadius.CHALLENGE_ANSWER + "\"}");
        assertThat(done.get("result").asText()).isEqualTo("ok");
        assertThat(done.at("/user/displayName").asText()).isEqualTo("Carol Example");

        JsonNode wrong = post("/v1/auth/second-factor", c, "{\"token\":\"" + post("/v1/auth/password", c,
                "{\"username\":\"carol\",\"password\":\"" + FreeRadius.CHALLENGE_PASSWORD + "\"}").get("token").asText()
                + "\",\"code\":\"999999\"}");
        assertThat(wrong.get("result").asText()).isEqualTo("denied");
        assertThat(wrong.get("reason").asText()).isEqualTo("Wrong code");

        String sharedSecret = Files.readString(RADIUS.server().secretFile(), StandardCharsets.UTF_8).strip();
        String logged = logs.list.stream().map(ILoggingEvent::getFormattedMessage).collect(Collectors.joining("\n"));
        String audited = store.audit(new AuditQuery(null, null, null, 1000)).toString();
        assertThat(logged).contains("auth.second-factor");
        for (String text : new String[] {logged, audited}) {
            assertThat(text).doesNotContain(sharedSecret).doesNotContain(FreeRadius.CHALLENGE_PASSWORD)
                    .doesNotContain(FreeRadius.CHALLENGE_ANSWER).doesNotContain(token).doesNotContain(c);
        }
    }
}
