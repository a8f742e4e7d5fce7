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
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.tapin.appliance.ApplianceConfig;
import org.tapin.appliance.account.AccountStore;
import org.tapin.appliance.account.LocalPasswords;
import org.tapin.appliance.account.SqliteAccountStore;
import org.tapin.appliance.auth.Authenticator;
import org.tapin.appliance.auth.PasswordHasher;
import org.tapin.appliance.factor.Continuations;
import org.tapin.appliance.factor.FactorStore;
import org.tapin.appliance.factor.SignInFlow;
import org.tapin.appliance.factor.SqliteFactorStore;
import org.tapin.appliance.factor.TemporaryCodes;
import org.tapin.appliance.store.AuditQuery;
import org.tapin.appliance.store.SqliteStore;
import org.tapin.appliance.store.Store;
import org.tapin.testkit.FreePorts;
import org.tapin.testkit.tls.ServerFiles;
import org.tapin.testkit.tls.TlsMaterial;
import org.tapin.testkit.tls.TlsMaterialExtension;

/** The change-password step of the protocol in-process, over real TLS, with rules from the configuration file. */
@ExtendWith(TlsMaterialExtension.class)
class ChangePasswordHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Store store;
    private FactorStore factors;
    private AccountStore accounts;
    private ApplianceServer server;
    private HttpClient http;
    private URI base;

    @BeforeEach
    void start(TlsMaterial tls) throws Exception {
        ServerFiles valid = tls.server(TlsMaterial.Kind.VALID);
        int port = FreePorts.loopback();
        Path conf = dir.resolve("appliance.conf");
        Files.writeString(conf, String.join("\n", "listen.host = 127.0.0.1", "listen.port = " + port,
                "tls.certificate = " + valid.certificateChain(), "tls.key = " + valid.privateKey(),
                "store.path = store/appliance.db", "password.iterations = 1000", "password.min-length = 10",
                "password.min-digits = 1", "password.max-age-days = 30", "password.expiry-warning-days = 5"));
        ApplianceConfig config = ApplianceConfig.load(conf);
        PasswordHasher hasher = new PasswordHasher(1_000);
        Clock clock = Clock.systemUTC();
        store = SqliteStore.open(config.store());
        factors = SqliteFactorStore.open(config.store());
        accounts = SqliteAccountStore.open(config.store());
        LocalPasswords passwords = new LocalPasswords(store, accounts, config.passwordRules(), hasher, clock);
        assertThat(passwords.addAccount("alice", "Alice Example", "Temp-Pass-1".toCharArray(), true)).isEmpty();
        Authenticator auth = new Authenticator(store, hasher, 3, Duration.ofMinutes(15), clock);
        SignInFlow flow = new SignInFlow(store, auth, factors, new TemporaryCodes(factors, hasher, clock),
                new Continuations(config.secondFactorTokenLifetime(), clock), null, config.radius().role(), 3,
                Duration.ofMinutes(15), clock, passwords);
        server = new ApplianceServer(config, store, flow, clock).start();
        http = HttpClient.newBuilder().sslContext(tls.sslContextTrustingCa()).connectTimeout(Duration.ofSeconds(5)).build();
        base = URI.create("https://localhost:" + port);
    }

    @AfterEach
    void stop() {
        server.close();
        accounts.close();
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
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private String register() throws Exception {
        return JSON.readTree(post("/v1/endpoints", null, "{\"computerName\":\"ward3-07\"}").body()).get("credential").asText();
    }

    @Test
    void theRightPasswordOfAFlaggedAccountAsksForANewOneAndAGoodOneSignsIn() throws Exception {
        String c = register();
        JsonNode asked = answer("/v1/auth/password", c, "{\"username\":\"alice\",\"password\":\"Temp-Pass-1\"}");
        assertThat(asked.get("result").asText()).isEqualTo("change-password");
        assertThat(asked.get("reason").asText()).isEqualTo("You must choose a new password before you continue.");
        assertThat(asked.at("/user/displayName").asText()).isEqualTo("Alice Example");
        assertThat(asked.get("rules").toString()).contains("Between 10 and 128 characters.", "At least 1 digit.");
        String token = asked.get("token").asText();

        JsonNode weak = answer("/v1/auth/change-password", c, "{\"token\":\"" + token + "\",\"password\":\"nodigits\"}");
        assertThat(weak.get("result").asText()).isEqualTo("change-password");
        assertThat(weak.get("reason").asText()).isEqualTo(
                "The password must be at least 10 characters long. The password must contain at least 1 digit(s).");

        JsonNode done = answer("/v1/auth/change-password", c, "{\"token\":\"" + weak.get("token").asText()
                + "\",\"password\":\"Better-Pass-2\"}");
        assertThat(done.get("result").asText()).isEqualTo("ok");
        assertThat(done.at("/user/username").asText()).isEqualTo("alice");
        assertThat(done.has("passwordExpiresInDays")).isFalse();
        assertThat(answer("/v1/auth/password", c, "{\"username\":\"alice\",\"password\":\"Better-Pass-2\"}").get("result").asText())
                .isEqualTo("ok");

        String audit = store.audit(new AuditQuery(null, null, null, 1000)).toString();
        assertThat(audit).contains("auth.change-password").doesNotContain("Better-Pass-2").doesNotContain("nodigits")
                .doesNotContain(token);
    }

    @Test
    void aMalformedOrUnknownChangeIsRefused() throws Exception {
        String c = register();
        assertThat(post("/v1/auth/change-password", c, "{\"token\":\"x\"}").statusCode()).isEqualTo(400);
        assertThat(post("/v1/auth/change-password", null, "{\"token\":\"x\",\"password\":\"Better-Pass-2\"}").statusCode()).isEqualTo(401);
        JsonNode unknown = answer("/v1/auth/change-password", c, "{\"token\":\"made-up\",\"password\":\"Better-Pass-2\"}");
        assertThat(unknown.get("result").asText()).isEqualTo("denied");
        assertThat(unknown.has("token")).isFalse();
    }
}
