package org.tapin.appliance.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.tapin.appliance.fixture.TestServer;
import org.tapin.appliance.store.AuditQuery;
import org.tapin.testkit.radius.FreeRadius;
import org.tapin.testkit.radius.FreeRadiusExtension;
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

    @TempDir
    Path dir;

    private TestServer appliance;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    @BeforeEach
    void start(TlsMaterial tls) throws Exception {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
        logs.start();
        appliance = TestServer.start(dir, tls,
                "radius.role = first-factor",
                "radius.server = 127.0.0.1:" + RADIUS.server().port(),
                "radius.secret-file = " + RADIUS.server().secretFile(),
                "radius.timeout-seconds = 3", "radius.retries = 0");
        appliance.parts.user("carol", "Carol Example", "carol-local");
    }

    @AfterEach
    void stop() {
        appliance.close();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
    }

    @Test
    void aChallengedPasswordIsCompletedWithTheAnswerAndNoSecretIsLoggedOrAudited() throws Exception {
        String c = appliance.register();
        JsonNode challenge = appliance.answer("/v1/auth/password", c,
                "{\"username\":\"carol\",\"password\":\"" + FreeRadius.CHALLENGE_PASSWORD + "\"}");
        assertThat(challenge.get("result").asText()).isEqualTo("challenge");
        assertThat(challenge.get("message").asText()).isEqualTo(FreeRadius.CHALLENGE_PROMPT);
        String token = challenge.get("token").asText();

        JsonNode done = appliance.answer("/v1/auth/second-factor", c, "{\"token\":\"" + token + "\",\"code\":\"" + FreeRadius.CHALLENGE_ANSWER + "\"}");
        assertThat(done.get("result").asText()).isEqualTo("ok");
        assertThat(done.at("/user/displayName").asText()).isEqualTo("Carol Example");

        JsonNode wrong = appliance.answer("/v1/auth/second-factor", c, "{\"token\":\"" + appliance.answer("/v1/auth/password", c,
                "{\"username\":\"carol\",\"password\":\"" + FreeRadius.CHALLENGE_PASSWORD + "\"}").get("token").asText()
                + "\",\"code\":\"999999\"}");
        assertThat(wrong.get("result").asText()).isEqualTo("denied");
        assertThat(wrong.get("reason").asText()).isEqualTo("Wrong code");

        String sharedSecret = Files.readString(RADIUS.server().secretFile(), StandardCharsets.UTF_8).strip();
        String logged = logs.list.stream().map(ILoggingEvent::getFormattedMessage).collect(Collectors.joining("\n"));
        String audited = appliance.parts.store.audit(new AuditQuery(null, null, null, 1000)).toString();
        assertThat(logged).contains("auth.second-factor");
        for (String text : new String[] {logged, audited}) {
            assertThat(text).doesNotContain(sharedSecret).doesNotContain(FreeRadius.CHALLENGE_PASSWORD)
                    .doesNotContain(FreeRadius.CHALLENGE_ANSWER).doesNotContain(token).doesNotContain(c);
        }
    }
}
