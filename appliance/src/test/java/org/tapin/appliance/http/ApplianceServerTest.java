package org.tapin.appliance.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.tapin.appliance.ApplianceConfig;
import org.tapin.appliance.auth.Authenticator;
import org.tapin.appliance.auth.PasswordHasher;
import org.tapin.appliance.store.AuditQuery;
import org.tapin.appliance.store.SqliteStore;
import org.tapin.appliance.store.Store;
import org.tapin.testkit.FreePorts;
import org.tapin.testkit.tls.ServerFiles;
import org.tapin.testkit.tls.TlsMaterial;
import org.tapin.testkit.tls.TlsMaterialExtension;

/** The HTTP API in-process, over real TLS with the generated test CA. */
@ExtendWith(TlsMaterialExtension.class)
class ApplianceServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Store store;
    private ApplianceServer server;
    private HttpClient http;
    private URI base;
    private PasswordHasher hasher = new PasswordHasher(1_000);

    @BeforeEach
    void start(TlsMaterial tls) throws Exception {
        ServerFiles valid = tls.server(TlsMaterial.Kind.VALID);
        int port = FreePorts.loopback();
        Path conf = dir.resolve("appliance.conf");
        Files.writeString(conf, String.join("\n", "listen.host = 127.0.0.1", "listen.port = " + port,
                "tls.certificate = " + valid.certificateChain(), "tls.key = " + valid.privateKey(),
                "store.path = store/appliance.db", "password.iterations = 1000", "lockout.max-failures = 3"));
        ApplianceConfig config = ApplianceConfig.load(conf);
        store = SqliteStore.open(config.store());
        store.addUser("alice", "Alice Example", hasher.hash("right".toCharArray()));
        store.linkBadge("04A1B2C3", "alice", java.time.Instant.now());
        Authenticator auth = new Authenticator(store, hasher, 3, Duration.ofMinutes(15), Clock.systemUTC());
        server = new ApplianceServer(config, store, auth, Clock.systemUTC()).start();
        http = HttpClient.newBuilder().sslContext(tls.sslContextTrustingCa()).connectTimeout(Duration.ofSeconds(5)).build();
        base = URI.create("https://localhost:" + port);
    }

    @AfterEach
    void stop() {
        server.close();
        store.close();
    }

    private HttpResponse<String> send(String method, String path, String credential, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(40))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (credential != null) {
            b.header("Authorization", "Bearer " + credential);
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String register() throws Exception {
        HttpResponse<String> r = send("POST", "/v1/endpoints", null,
                "{\"computerName\":\"ward3-07\",\"macs\":[\"52:54:00:12:34:56\"],\"ips\":[\"10.0.3.7\"],\"agentVersion\":\"0.1.0\"}");
        assertThat(r.statusCode()).isEqualTo(201);
        JsonNode answer = JSON.readTree(r.body());
        assertThat(answer.get("group").asText()).isEqualTo("default");
        assertThat(answer.get("endpointId").asText()).startsWith("e-");
        return answer.get("credential").asText();
    }

    @Test
    void aServerLimitedToTls12ServesOverTls12(TlsMaterial tls) throws Exception {
        ServerFiles valid = tls.server(TlsMaterial.Kind.VALID);
        int port = FreePorts.loopback();
        Path conf = dir.resolve("tls12.conf");
        Files.writeString(conf, String.join("\n", "listen.host = 127.0.0.1", "listen.port = " + port,
                "tls.certificate = " + valid.certificateChain(), "tls.key = " + valid.privateKey(),
                "tls.protocols = TLSv1.2", "store.path = store12/appliance.db", "password.iterations = 1000"));
        ApplianceConfig config = ApplianceConfig.load(conf);
        try (Store store12 = SqliteStore.open(config.store());
                ApplianceServer server12 = new ApplianceServer(config, store12,
                        new Authenticator(store12, hasher, 3, Duration.ofMinutes(15), Clock.systemUTC()), Clock.systemUTC()).start()) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/v1/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.sslSession().orElseThrow().getProtocol()).isEqualTo("TLSv1.2");
            assertThat(r.sslSession().orElseThrow().getCipherSuite()).matches("TLS_ECDHE_ECDSA_WITH_(AES_(128|256)_GCM_SHA(256|384)|CHACHA20_POLY1305_SHA256)");
        }
        assertThat(send("GET", "/v1/health", null, null).sslSession().orElseThrow().getProtocol()).isEqualTo("TLSv1.3");
    }

    @Test
    void aClientThatAsksToRenegotiateGetsAFatalAlert(TlsMaterial tls) throws Exception {
        try (SSLSocket socket = (SSLSocket) tls.sslContextTrustingCa().getSocketFactory().createSocket("localhost", base.getPort())) {
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
        assertThat(JSON.readTree(send("GET", "/v1/health", null, null).body()).get("protocol").asInt()).isEqualTo(1);
        HttpResponse<String> r = send("GET", "/v1/nope", null, null);
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(r.body()).get("error").asText()).isEqualTo("not-found");
        assertThat(r.headers().firstValue("Server")).isEmpty();
        HttpResponse<String> wrongMethod = send("DELETE", "/v1/health", null, null);
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(JSON.readTree(wrongMethod.body()).get("error").asText()).isEqualTo("method-not-allowed");
    }

    @Test
    void unknownAndRevokedEndpointsAreRefused() throws Exception {
        assertThat(send("POST", "/v1/auth/badge", null, "{\"badge\":\"04A1B2C3\"}").statusCode()).isEqualTo(401);
        HttpResponse<String> unknown = send("POST", "/v1/auth/badge", "made-up", "{\"badge\":\"04A1B2C3\"}");
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(unknown.body()).get("error").asText()).isEqualTo("unknown-endpoint");
        String credential = register();
        assertThat(send("POST", "/v1/auth/badge", credential, "{\"badge\":\"04A1B2C3\"}").statusCode()).isEqualTo(200);
        store.revokeEndpoint(store.endpoints().get(0).id());
        HttpResponse<String> revoked = send("POST", "/v1/auth/badge", credential, "{\"badge\":\"04A1B2C3\"}");
        assertThat(revoked.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(revoked.body()).get("error").asText()).isEqualTo("endpoint-revoked");
    }

    @Test
    void badgePasswordAndEnrollAnswerDecisions() throws Exception {
        String c = register();
        JsonNode ok = JSON.readTree(send("POST", "/v1/auth/badge", c, "{\"badge\":\"04A1B2C3\"}").body());
        assertThat(ok.get("result").asText()).isEqualTo("ok");
        assertThat(ok.at("/user/displayName").asText()).isEqualTo("Alice Example");
        assertThat(JSON.readTree(send("POST", "/v1/auth/badge", c, "{\"badge\":\"0BADBEEF\"}").body()).get("result").asText())
                .isEqualTo("unknown-badge");
        assertThat(JSON.readTree(send("POST", "/v1/auth/enroll", c,
                "{\"badge\":\"0BADBEEF\",\"username\":\"alice\",\"password\":\"right\"}").body()).get("result").asText()).isEqualTo("ok");
        assertThat(JSON.readTree(send("POST", "/v1/auth/badge", c, "{\"badge\":\"0BADBEEF\"}").body()).at("/user/username").asText())
                .isEqualTo("alice");
        JsonNode denied = JSON.readTree(send("POST", "/v1/auth/password", c, "{\"username\":\"alice\",\"password\":\"no\"}").body());
        assertThat(denied.get("result").asText()).isEqualTo("denied");
        assertThat(denied.get("reason").asText()).isEqualTo("wrong user name or password");
        assertThat(send("POST", "/v1/auth/password", c, "{\"username\":\"alice\"}").statusCode()).isEqualTo(400);
        assertThat(send("POST", "/v1/auth/password", c, "not json").statusCode()).isEqualTo(400);
        assertThat(store.audit(new AuditQuery(null, null, null, 100)).toString()).doesNotContain("right").doesNotContain("0BADBEEF");
    }

    @Test
    void policyLongPollAnswersSoonAfterAChangeFromAnotherConnection() throws Exception {
        String c = register();
        HttpResponse<String> first = send("GET", "/v1/policy", c, null);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).contains("\"lockScreenAccess\":[]");
        String etag = first.headers().firstValue("ETag").orElseThrow();
        assertThat(send("GET", "/v1/policy?wait=0", c, null, "If-None-Match", etag).statusCode()).isEqualTo(304);
        long t0 = System.nanoTime();
        assertThat(send("GET", "/v1/policy?wait=1", c, null, "If-None-Match", etag).statusCode()).isEqualTo(304);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isBetween(Duration.ofMillis(900), Duration.ofSeconds(5));
        assertThat(send("GET", "/v1/policy?wait=31", c, null, "If-None-Match", etag).statusCode()).isEqualTo(400);

        CompletableFuture<HttpResponse<String>> held = CompletableFuture.supplyAsync(() -> {
            try {
                return send("GET", "/v1/policy?wait=25", c, null, "If-None-Match", etag);
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
        assertThat(JSON.readTree(send("POST", "/v1/audit", c, batch).body()).get("stored").asInt()).isEqualTo(2);
        JsonNode again = JSON.readTree(send("POST", "/v1/audit", c, batch).body());
        assertThat(again.get("stored").asInt()).isZero();
        assertThat(again.get("duplicates").asInt()).isEqualTo(2);
        assertThat(store.audit(new AuditQuery("unlock", null, null, 10))).hasSize(1);
        StringBuilder many = new StringBuilder("{\"events\":[");
        for (int i = 0; i < 501; i++) {
            many.append(i == 0 ? "" : ",").append("{\"id\":\"m").append(i).append("\",\"type\":\"t\"}");
        }
        assertThat(send("POST", "/v1/audit", c, many.append("]}").toString()).statusCode()).isEqualTo(413);
        assertThat(send("POST", "/v1/audit", c, "{\"events\":[{\"type\":\"t\"}]}").statusCode()).isEqualTo(400);
        assertThat(send("POST", "/v1/audit", c, "{\"x\":\"" + "a".repeat(1_100_000) + "\"}").statusCode()).isEqualTo(413);
    }

    @Test
    void servesPublishedAgentPackagesAndRefusesUnknownCredentials() throws Exception {
        Path pkg = org.tapin.appliance.packages.TestPackages.agentPackage(dir, "2.1.0");
        org.tapin.appliance.packages.AgentPackages.nextTo(dir.resolve("store/appliance.db")).publish(pkg);
        String credential = register();

        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(base.resolve("/v1/agent/packages/2.1.0"))
                .header("Authorization", "Bearer " + credential).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(Files.readAllBytes(pkg));
        assertThat(send("GET", "/v1/agent/packages/2.1.0", null, null).statusCode())
                .as("a fresh loader has no credential yet").isEqualTo(200);
        assertThat(send("GET", "/v1/agent/packages/2.1.0", "not-a-credential", null).statusCode()).isEqualTo(401);
        HttpResponse<String> missing = send("GET", "/v1/agent/packages/9.9.9", credential, null);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("no-such-package");
        assertThat(send("GET", "/v1/agent/packages/..%2F..%2Fstore%2Fappliance.db", credential, null).statusCode()).isEqualTo(404);
        assertThat(store.audit(new AuditQuery(null, null, null, 100)))
                .anySatisfy(a -> assertThat(a.type() + " " + a.detail()).startsWith("agent.package.download version 2.1.0"));
    }
}
