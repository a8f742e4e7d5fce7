package org.tapin.appliance.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.tapin.appliance.fixture.TestServer;
import org.tapin.appliance.store.AuditQuery;
import org.tapin.appliance.store.SqliteStore;
import org.tapin.appliance.store.Store;
import org.tapin.testkit.tls.TlsMaterial;
import org.tapin.testkit.tls.TlsMaterialExtension;

/** The HTTP API in-process, over real TLS with the generated test CA. */
@ExtendWith(TlsMaterialExtension.class)
class ApplianceServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private TestServer appliance;
    private Store store;

    @BeforeEach
    void start(TlsMaterial tls) throws Exception {
        appliance = TestServer.start(dir, tls, "lockout.max-failures = 3");
        appliance.parts.user("alice", "Alice Example", "right").badge("04A1B2C3", "alice");
        store = appliance.parts.store;
    }

    @AfterEach
    void stop() {
        appliance.close();
    }

    private String register() throws Exception {
        HttpResponse<String> r = appliance.send("POST", "/v1/endpoints", null,
                "{\"computerName\":\"ward3-07\",\"macs\":[\"52:54:00:12:34:56\"],\"ips\":[\"10.0.3.7\"],\"agentVersion\":\"0.1.0\"}");
        assertThat(r.statusCode()).isEqualTo(201);
        JsonNode answer = JSON.readTree(r.body());
        assertThat(answer.get("group").asText()).isEqualTo("default");
        assertThat(answer.get("endpointId").asText()).startsWith("e-");
        return answer.get("credential").asText();
    }

    @Test
    void aServerLimitedToTls12ServesOverTls12(TlsMaterial tls) throws Exception {
        try (TestServer tls12 = TestServer.start(dir.resolve("tls12"), tls, "tls.protocols = TLSv1.2")) {
            HttpResponse<String> r = tls12.send("GET", "/v1/health", null, null);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.sslSession().orElseThrow().getProtocol()).isEqualTo("TLSv1.2");
            assertThat(r.sslSession().orElseThrow().getCipherSuite()).matches("TLS_ECDHE_ECDSA_WITH_(AES_(128|256)_GCM_SHA(256|384)|CHACHA20_POLY1305_SHA256)");
        }
        assertThat(appliance.send("GET", "/v1/health", null, null).sslSession().orElseThrow().getProtocol()).isEqualTo("TLSv1.3");
    }

    @Test
    void aClientThatAsksToRenegotiateGetsAFatalAlert(TlsMaterial tls) throws Exception {
        try (SSLSocket socket = (SSLSocket) tls.sslContextTrustingCa().getSocketFactory().createSocket("localhost", appliance.base().getPort())) {
            socket.setSoTimeout(10_000);
            socket.setEnabledProtocols(new String[] {"TLSv1.2"}); // TLS 1.3 has no renegotiation at all
            socket.startHandshake();
            socket.startHandshake(); // with the session up: a ClientHello on the live connection
            OutputStream out = socket.getOutputStream();
            out.write("GET /v1/health HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThatThrownBy(() -> socket.getInputStream().read())
                    .isInstanceOf(SSLException.class).hasMessageContaining("handshake_failure");
        }
    }

    @Test
    void healthNeedsNoCredentialAndUnknownPathsAreJson404() throws Exception {
        assertThat(JSON.readTree(appliance.send("GET", "/v1/health", null, null).body()).get("protocol").asInt()).isEqualTo(1);
        HttpResponse<String> r = appliance.send("GET", "/v1/nope", null, null);
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(r.body()).get("error").asText()).isEqualTo("not-found");
        assertThat(r.headers().firstValue("Server")).isEmpty();
        HttpResponse<String> wrongMethod = appliance.send("DELETE", "/v1/health", null, null);
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(JSON.readTree(wrongMethod.body()).get("error").asText()).isEqualTo("method-not-allowed");
    }

    @Test
    void unknownAndRevokedEndpointsAreRefused() throws Exception {
        assertThat(appliance.send("POST", "/v1/auth/badge", null, "{\"badge\":\"04A1B2C3\"}").statusCode()).isEqualTo(401);
        HttpResponse<String> unknown = appliance.send("POST", "/v1/auth/badge", "made-up", "{\"badge\":\"04A1B2C3\"}");
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(unknown.body()).get("error").asText()).isEqualTo("unknown-endpoint");
        String credential = register();
        assertThat(appliance.send("POST", "/v1/auth/badge", credential, "{\"badge\":\"04A1B2C3\"}").statusCode()).isEqualTo(200);
        store.revokeEndpoint(store.endpoints().get(0).id());
        HttpResponse<String> revoked = appliance.send("POST", "/v1/auth/badge", credential, "{\"badge\":\"04A1B2C3\"}");
        assertThat(revoked.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(revoked.body()).get("error").asText()).isEqualTo("endpoint-revoked");
    }

    @Test
    void badgePasswordAndEnrollAnswerDecisions() throws Exception {
        String c = register();
        JsonNode ok = JSON.readTree(appliance.send("POST", "/v1/auth/badge", c, "{\"badge\":\"04A1B2C3\"}").body());
        assertThat(ok.get("result").asText()).isEqualTo("ok");
        assertThat(ok.at("/user/displayName").asText()).isEqualTo("Alice Example");
        assertThat(JSON.readTree(appliance.send("POST", "/v1/auth/badge", c, "{\"badge\":\"0BADBEEF\"}").body()).get("result").asText())
                .isEqualTo("unknown-badge");
        assertThat(JSON.readTree(appliance.send("POST", "/v1/auth/enroll", c,
                "{\"badge\":\"0BADBEEF\",\"username\":\"alice\",\"password\":\"right\"}").body()).get("result").asText()).isEqualTo("ok");
        assertThat(JSON.readTree(appliance.send("POST", "/v1/auth/badge", c, "{\"badge\":\"0BADBEEF\"}").body()).at("/user/username").asText())
                .isEqualTo("alice");
        JsonNode denied = JSON.readTree(appliance.send("POST", "/v1/auth/password", c, "{\"username\":\"alice\",\"password\":\"no\"}").body());
        assertThat(denied.get("result").asText()).isEqualTo("denied");
        assertThat(denied.get("reason").asText()).isEqualTo("wrong user name or password");
        assertThat(appliance.send("POST", "/v1/auth/password", c, "{\"username\":\"alice\"}").statusCode()).isEqualTo(400);
        assertThat(appliance.send("POST", "/v1/auth/password", c, "not json").statusCode()).isEqualTo(400);
        assertThat(store.audit(new AuditQuery(null, null, null, 100)).toString()).doesNotContain("right").doesNotContain("0BADBEEF");
    }

    @Test
    void policyLongPollAnswersSoonAfterAChangeFromAnotherConnection() throws Exception {
        String c = register();
        HttpResponse<String> first = appliance.send("GET", "/v1/policy", c, null);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).contains("\"lockScreenAccess\":[]");
        String etag = first.headers().firstValue("ETag").orElseThrow();
        assertThat(appliance.send("GET", "/v1/policy?wait=0", c, null, "If-None-Match", etag).statusCode()).isEqualTo(304);
        long t0 = System.nanoTime();
        assertThat(appliance.send("GET", "/v1/policy?wait=1", c, null, "If-None-Match", etag).statusCode()).isEqualTo(304);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isBetween(Duration.ofMillis(900), Duration.ofSeconds(5));
        assertThat(appliance.send("GET", "/v1/policy?wait=31", c, null, "If-None-Match", etag).statusCode()).isEqualTo(400);

        CompletableFuture<HttpResponse<String>> held = CompletableFuture.supplyAsync(() -> {
            try {
                return appliance.send("GET", "/v1/policy?wait=25", c, null, "If-None-Match", etag);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(500);
        assertThat(held).isNotDone();
        long changed = System.nanoTime();
        try (Store admin = SqliteStore.open(dir.resolve("store/appliance.db"))) {
            admin.setPolicy("default", "{\"lockScreenAccess\":[{\"nickname\":\"Conky\",\"wmClass\":\"Conky\"}]}");
        }
        HttpResponse<String> answer = held.get();
        assertThat(Duration.ofNanos(System.nanoTime() - changed)).isLessThan(Duration.ofSeconds(1));
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("Conky");
        assertThat(answer.headers().firstValue("ETag").orElseThrow()).isNotEqualTo(etag);
    }

    @Test
    void auditUploadsAreIdempotentAndBounded() throws Exception {
        String c = register();
        String batch = "{\"events\":[{\"id\":\"ev-1\",\"time\":\"2026-11-23T09:00:00Z\",\"type\":\"unlock\",\"user\":\"alice\",\"detail\":\"d\"},"
                + "{\"id\":\"ev-2\",\"type\":\"lock\"}]}";
        assertThat(JSON.readTree(appliance.send("POST", "/v1/audit", c, batch).body()).get("stored").asInt()).isEqualTo(2);
        JsonNode again = JSON.readTree(appliance.send("POST", "/v1/audit", c, batch).body());
        assertThat(again.get("stored").asInt()).isZero();
        assertThat(again.get("duplicates").asInt()).isEqualTo(2);
        assertThat(store.audit(new AuditQuery("unlock", null, null, 10))).hasSize(1);
        StringBuilder many = new StringBuilder("{\"events\":[");
        for (int i = 0; i < 501; i++) {
            many.append(i == 0 ? "" : ",").append("{\"id\":\"m").append(i).append("\",\"type\":\"t\"}");
        }
        assertThat(appliance.send("POST", "/v1/audit", c, many.append("]}").toString()).statusCode()).isEqualTo(413);
        assertThat(appliance.send("POST", "/v1/audit", c, "{\"events\":[{\"type\":\"t\"}]}").statusCode()).isEqualTo(400);
        assertThat(appliance.send("POST", "/v1/audit", c, "{\"x\":\"" + "a".repeat(1_100_000) + "\"}").statusCode()).isEqualTo(413);
    }

    @Test
    void servesPublishedAgentPackagesAndRefusesUnknownCredentials() throws Exception {
        Path pkg = org.tapin.appliance.packages.TestPackages.agentPackage(dir, "2.1.0");
        org.tapin.appliance.packages.AgentPackages.nextTo(dir.resolve("store/appliance.db")).publish(pkg);
        String credential = register();

        HttpResponse<byte[]> r = appliance.http().send(HttpRequest.newBuilder(appliance.base().resolve("/v1/agent/packages/2.1.0"))
                .header("Authorization", "Bearer " + credential).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(Files.readAllBytes(pkg));
        assertThat(appliance.send("GET", "/v1/agent/packages/2.1.0", null, null).statusCode())
                .as("a fresh loader has no credential yet").isEqualTo(200);
        assertThat(appliance.send("GET", "/v1/agent/packages/2.1.0", "not-a-credential", null).statusCode()).isEqualTo(401);
        HttpResponse<String> missing = appliance.send("GET", "/v1/agent/packages/9.9.9", credential, null);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("no-such-package");
        assertThat(appliance.send("GET", "/v1/agent/packages/..%2F..%2Fstore%2Fappliance.db", credential, null).statusCode()).isEqualTo(404);
        assertThat(store.audit(new AuditQuery(null, null, null, 100)))
                .anySatisfy(a -> assertThat(a.type() + " " + a.detail()).startsWith("agent.package.download version 2.1.0"));
    }
}
