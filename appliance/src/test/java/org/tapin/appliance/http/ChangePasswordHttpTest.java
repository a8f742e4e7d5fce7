package org.tapin.appliance.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.tapin.appliance.fixture.TestServer;
import org.tapin.appliance.store.AuditQuery;
import org.tapin.appliance.store.Store;
import org.tapin.testkit.tls.TlsMaterial;
import org.tapin.testkit.tls.TlsMaterialExtension;

/** The change-password step of the protocol in-process, over real TLS, with rules from the configuration file. */
@ExtendWith(TlsMaterialExtension.class)
class ChangePasswordHttpTest {

    @TempDir
    Path dir;

    private TestServer appliance;
    private Store store;

    @BeforeEach
    void start(TlsMaterial tls) throws Exception {
        appliance = TestServer.start(dir, tls, "lockout.max-failures = 3", "password.min-length = 10",
                "password.min-digits = 1", "password.max-age-days = 30", "password.expiry-warning-days = 5");
        store = appliance.parts.store;
        assertThat(appliance.passwords.addAccount("alice", "Alice Example", "Temp-Pass-1".toCharArray(), true)).isEmpty();
    }

    @AfterEach
    void stop() {
        appliance.close();
    }

    @Test
    void theRightPasswordOfAFlaggedAccountAsksForANewOneAndAGoodOneSignsIn() throws Exception {
        String c = appliance.register();
        JsonNode asked = appliance.answer("/v1/auth/password", c, "{\"username\":\"alice\",\"password\":\"Temp-Pass-1\"}");
        assertThat(asked.get("result").asText()).isEqualTo("change-password");
        assertThat(asked.get("reason").asText()).isEqualTo("You must choose a new password before you continue.");
        assertThat(asked.at("/user/displayName").asText()).isEqualTo("Alice Example");
        assertThat(asked.get("rules").toString()).contains("Between 10 and 128 characters.", "At least 1 digit.");
        String token = asked.get("token").asText();

        JsonNode weak = appliance.answer("/v1/auth/change-password", c, "{\"token\":\"" + token + "\",\"password\":\"nodigits\"}");
        assertThat(weak.get("result").asText()).isEqualTo("change-password");
        assertThat(weak.get("reason").asText()).isEqualTo(
                "The password must be at least 10 characters long. The password must contain at least 1 digit(s).");

        JsonNode done = appliance.answer("/v1/auth/change-password", c, "{\"token\":\"" + weak.get("token").asText()
                + "\",\"password\":\"Better-Pass-2\"}");
        assertThat(done.get("result").asText()).isEqualTo("ok");
        assertThat(done.at("/user/username").asText()).isEqualTo("alice");
        assertThat(done.has("passwordExpiresInDays")).isFalse();
        assertThat(appliance.answer("/v1/auth/password", c, "{\"username\":\"alice\",\"password\":\"Better-Pass-2\"}").get("result").asText())
                .isEqualTo("ok");

        String audit = store.audit(new AuditQuery(null, null, null, 1000)).toString();
        assertThat(audit).contains("auth.change-password").doesNotContain("Better-Pass-2").doesNotContain("nodigits")
                .doesNotContain(token);
    }

    @Test
    void aMalformedOrUnknownChangeIsRefused() throws Exception {
        String c = appliance.register();
        assertThat(appliance.post("/v1/auth/change-password", c, "{\"token\":\"x\"}").statusCode()).isEqualTo(400);
        assertThat(appliance.post("/v1/auth/change-password", null, "{\"token\":\"x\",\"password\":\"Better-Pass-2\"}").statusCode()).isEqualTo(401);
        JsonNode unknown = appliance.answer("/v1/auth/change-password", c, "{\"token\":\"made-up\",\"password\":\"Better-Pass-2\"}");
        assertThat(unknown.get("result").asText()).isEqualTo("denied");
        assertThat(unknown.has("token")).isFalse();
    }
}
