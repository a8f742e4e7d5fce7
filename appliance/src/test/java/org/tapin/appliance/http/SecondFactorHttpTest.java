package org.tapin.appliance.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.tapin.appliance.ApplianceConfig;
import org.tapin.appliance.auth.Authenticator;
import org.tapin.appliance.auth.PasswordHasher;
import org.tapin.appliance.factor.Continuations;
import org.tapin.appliance.factor.FactorStore;
import org.tapin.appliance.factor.SecondFactorPolicy;
import org.tapin.appliance.factor.SignInFlow;
import org.tapin.appliance.factor.SqliteFactorStore;
import org.tapin.appliance.factor.TemporaryCodes;
import org.tapin.appliance.factor.Totp;
import org.tapin.appliance.store.AuditQuery;
import org.tapin.appliance.store.SqliteStore;
import org.tapin.appliance.store.Store;
import org.tapin.testkit.FreePorts;
import org.tapin.testkit.tls.ServerFiles;
import org.tapin.testkit.tls.TlsMaterial;
import org.tapin.testkit.tls.TlsMaterialExtension;

/** The second-factor step of the protocol in-process, over real TLS with the generated test CA. */
@ExtendWith(TlsMaterialExtension.class)
class SecondFactorHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Store store;
    private FactorStore factors;
    private ApplianceServer server;
    private HttpClient http;
    private URI base;
    private final byte[] secret = Totp.newSecret(new SecureRandom());

    @BeforeEach
    void start(TlsMaterial tls) throws Exception {
        ServerFiles valid = tls.server(TlsMaterial.Kind.VALID);
        int port = FreePorts.loopback();
        Path conf = dir.resolve("appliance.conf");
        Files.writeString(conf, String.join("\n", "listen.host = 127.0.0.1", "listen.port = " + port,
                "tls.certificate = " + valid.certificateChain(), "tls.key = " + valid.privateKey(),
                "store.path = store/appliance.db", "password.iterations = 1000", "lockout.max-failures = 3",
                "second-factor.token-seconds = 60"));
        ApplianceConfig config = ApplianceConfig.load(conf);
        PasswordHasher hasher = new PasswordHasher(1_000);
        Clock clock = Clock.systemUTC();
        store = SqliteStore.open(config.store());
        factors = SqliteFactorStore.open(config.store());
        store.addUser("alice", "Alice Example", hasher.hash("right".toCharArray()));
        store.linkBadge("04A1B2C3", "alice", Instant.now());
        factors.setUserGroup("alice", "icu");
        factors.setPolicy(new SecondFactorPolicy("icu", SecondFactorPolicy.Method.TOTP, true, false));
        factors.setTotp("alice", secret, Instant.now());
        Authenticator auth = new Authenticator(store, hasher, 3, Duration.ofMinutes(15), clock);
        SignInFlow flow = new SignInFlow(store, auth, factors, new TemporaryCodes(factors, hasher, clock),
                new Continuations(config.secondFactorTokenLifetime(), clock), null, config.radius().role(), 3, Duration.ofMinutes(15), clock);
        server = new ApplianceServer(config, store, flow, clock).start();
        http = HttpClient.newBuilder().sslContext(tls.sslContextTrustingCa()).connectTimeout(Duration.ofSeconds(5)).build();
        base = URI.create("https://localhost:" + port);
    }

    @AfterEach
    void stop() {
        server.close();
        factors.close();
        store.close();
    }

    private HttpResponse<String> post(String path, String credential, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (credential != null) {
            b.header("Authorization", "Bearer " + credential);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode answer(String path, String credential, String body) throws Exception {
        HttpResponse<String> r = post(path, credential, body);
        assertThat(r.statusCode()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private String register() throws Exception {
        return JSON.readTree(post("/v1/endpoints", null, "{\"computerName\":\"ward3-07\"}").body()).get("credential").asText();
    }

    private String code() {
        return Totp.code(secret, Totp.step(Instant.now()), Totp.DIGITS);
    }

    @Test
    void aPasswordThenATotpCodeSignsInAndTheTokenWorksOnce() throws Exception {
        String c = register();
        JsonNode asked = answer("/v1/auth/password", c, "{\"username\":\"alice\",\"password\":\"right\"}");
        assertThat(asked.get("result").asText()).isEqualTo("second-factor");
        assertThat(asked.get("method").asText()).isEqualTo("totp");
        assertThat(asked.at("/user/displayName").asText()).isEqualTo("Alice Example");
        String token = asked.get("token").asText();
        assertThat(Duration.between(Instant.now(), Instant.parse(asked.get("expires").asText())))
                .isBetween(Duration.ofSeconds(50), Duration.ofSeconds(61));

        String code = code();
        JsonNode done = answer("/v1/auth/second-factor", c, "{\"token\":\"" + token + "\",\"code\":\"" + code + "\"}");
        assertThat(done.get("result").asText()).isEqualTo("ok");
        assertThat(done.at("/user/username").asText()).isEqualTo("alice");

        JsonNode again = answer("/v1/auth/second-factor", c, "{\"token\":\"" + token + "\",\"code\":\"" + code + "\"}");
        assertThat(again.get("result").asText()).isEqualTo("denied");
        assertThat(again.has("token")).isFalse();

        String audit = store.audit(new AuditQuery(null, null, null, 1000)).toString();
        assertThat(audit).contains("auth.second-factor").doesNotContain(token).doesNotContain(code).doesNotContain("right");
    }

    @Test
    void aTokenFromAnotherEndpointIsRefusedAndSpent() throws Exception {
        String first = register();
        String second = register();
        String token = answer("/v1/auth/badge", first, "{\"badge\":\"04A1B2C3\"}").get("token").asText();
        JsonNode stolen = answer("/v1/auth/second-factor", second, "{\"token\":\"" + token + "\",\"code\":\"" + code() + "\"}");
        assertThat(stolen.get("result").asText()).isEqualTo("denied");
        assertThat(answer("/v1/auth/second-factor", first, "{\"token\":\"" + token + "\",\"code\":\"" + code() + "\"}")
                .get("result").asText()).isEqualTo("denied");
    }

    @Test
    void aMalformedSecondFactorCallIsABadRequest() throws Exception {
        String c = register();
        assertThat(post("/v1/auth/second-factor", c, "{\"code\":\"123456\"}").statusCode()).isEqualTo(400);
        assertThat(post("/v1/auth/second-factor", c, "{\"token\":\"x\"}").statusCode()).isEqualTo(400);
        assertThat(post("/v1/auth/second-factor", null, "{\"token\":\"x\",\"code\":\"1\"}").statusCode()).isEqualTo(401);
        JsonNode unknown = answer("/v1/auth/second-factor", c, "{\"token\":\"made-up\",\"code\":\"123456\"}");
        assertThat(unknown.get("result").asText()).isEqualTo("denied");
    }
}
