package org.tapin.appliance.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.tapin.appliance.factor.FactorStore;
import org.tapin.appliance.factor.SecondFactorPolicy;
import org.tapin.appliance.factor.Totp;
import org.tapin.appliance.fixture.TestServer;
import org.tapin.appliance.store.AuditQuery;
import org.tapin.appliance.store.Store;
import org.tapin.testkit.tls.TlsMaterial;
import org.tapin.testkit.tls.TlsMaterialExtension;

/** The second-factor step of the protocol in-process, over real TLS with the generated test CA. */
@ExtendWith(TlsMaterialExtension.class)
class SecondFactorHttpTest {

    @TempDir
    Path dir;

    private TestServer appliance;
    private Store store;
    private final byte[] secret = Totp.newSecret(new SecureRandom());

    @BeforeEach
    void start(TlsMaterial tls) throws Exception {
        appliance = TestServer.start(dir, tls, "lockout.max-failures = 3", "second-factor.token-seconds = 60");
        appliance.parts.user("alice", "Alice Example", "right").badge("04A1B2C3", "alice");
        store = appliance.parts.store;
        FactorStore factors = appliance.parts.factors;
        factors.setUserGroup("alice", "icu");
        factors.setPolicy(new SecondFactorPolicy("icu", SecondFactorPolicy.Method.TOTP, true, false));
        factors.setTotp("alice", secret, Instant.now());
    }

    @AfterEach
    void stop() {
        appliance.close();
    }

    private String code() {
        return Totp.code(secret, Totp.step(Instant.now()), Totp.DIGITS);
    }

    @Test
    void aPasswordThenATotpCodeSignsInAndTheTokenWorksOnce() throws Exception {
        String c = appliance.register();
        JsonNode asked = appliance.answer("/v1/auth/password", c, "{\"username\":\"alice\",\"password\":\"right\"}");
        assertThat(asked.get("result").asText()).isEqualTo("second-factor");
        assertThat(asked.get("method").asText()).isEqualTo("totp");
        assertThat(asked.at("/user/displayName").asText()).isEqualTo("Alice Example");
        String token = asked.get("token").asText();
        assertThat(Duration.between(Instant.now(), Instant.parse(asked.get("expires").asText())))
                .isBetween(Duration.ofSeconds(50), Duration.ofSeconds(61));

        String code = code();
        JsonNode done = appliance.answer("/v1/auth/second-factor", c, "{\"token\":\"" + token + "\",\"code\":\"" + code + "\"}");
        assertThat(done.get("result").asText()).isEqualTo("ok");
        assertThat(done.at("/user/username").asText()).isEqualTo("alice");

        JsonNode again = appliance.answer("/v1/auth/second-factor", c, "{\"token\":\"" + token + "\",\"code\":\"" + code + "\"}");
        assertThat(again.get("result").asText()).isEqualTo("denied");
        assertThat(again.has("token")).isFalse();

        String audit = store.audit(new AuditQuery(null, null, null, 1000)).toString();
        assertThat(audit).contains("auth.second-factor").doesNotContain(token).doesNotContain(code).doesNotContain("right");
    }

    @Test
    void aTokenFromAnotherEndpointIsRefusedAndSpent() throws Exception {
        String first = appliance.register();
        String second = appliance.register();
        String token = appliance.answer("/v1/auth/badge", first, "{\"badge\":\"04A1B2C3\"}").get("token").asText();
        JsonNode stolen = appliance.answer("/v1/auth/second-factor", second, "{\"token\":\"" + token + "\",\"code\":\"" + code() + "\"}");
        assertThat(stolen.get("result").asText()).isEqualTo("denied");
        assertThat(appliance.answer("/v1/auth/second-factor", first, "{\"token\":\"" + token + "\",\"code\":\"" + code() + "\"}")
                .get("result").asText()).isEqualTo("denied");
    }

    @Test
    void aMalformedSecondFactorCallIsABadRequest() throws Exception {
        String c = appliance.register();
        assertThat(appliance.post("/v1/auth/second-factor", c, "{\"code\":\"123456\"}").statusCode()).isEqualTo(400);
        assertThat(appliance.post("/v1/auth/second-factor", c, "{\"token\":\"x\"}").statusCode()).isEqualTo(400);
        assertThat(appliance.post("/v1/auth/second-factor", null, "{\"token\":\"x\",\"code\":\"1\"}").statusCode()).isEqualTo(401);
        JsonNode unknown = appliance.answer("/v1/auth/second-factor", c, "{\"token\":\"made-up\",\"code\":\"123456\"}");
        assertThat(unknown.get("result").asText()).isEqualTo("denied");
    }
}
