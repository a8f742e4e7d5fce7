package org.tapin.appliance.directory.ldap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.tapin.appliance.ApplianceConfig;
import org.tapin.appliance.auth.Authenticator;
import org.tapin.appliance.http.ApplianceServer;
import org.tapin.appliance.store.SqliteStore;
import org.tapin.appliance.store.Store;
import org.tapin.testkit.FreePorts;
import org.tapin.testkit.ldap.SlapdExtension;
import org.tapin.testkit.tls.ServerFiles;
import org.tapin.testkit.tls.TlsMaterial;

/** What an endpoint sees: the appliance's HTTPS password call answered by a real slapd behind it. */
class LdapOverHttpsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final SlapdExtension LDAP = SlapdExtension.withLdif(LdapTestDirectory.LDIF);

    @TempDir
    Path dir;

    private Store store;
    private LdapDirectory directory;
    private ApplianceServer server;
    private HttpClient http;
    private URI base;

    @BeforeEach
    void start() throws Exception {
        ServerFiles valid = LDAP.tls().server(TlsMaterial.Kind.VALID);
        int port = FreePorts.loopback();
        Files.writeString(dir.resolve("ldap-bind-password"), LdapTestDirectory.SERVICE_PASSWORD + "\n");
        Path conf = Files.writeString(dir.resolve("appliance.conf"), String.join("\n",
                "listen.host = 127.0.0.1", "listen.port = " + port,
                "tls.certificate = " + valid.certificateChain(), "tls.key = " + valid.privateKey(),
                "store.path = appliance.db",
                "directory = ldap",
                "ldap.servers = " + LDAP.slapd().ldapUrl(),
                "ldap.ca-certs-dir = " + LDAP.tls().caFolder(),
                "ldap.bind-dn = " + LdapTestDirectory.SERVICE_DN,
                "ldap.bind-password-file = ldap-bind-password",
                "ldap.user-base-dn = ou=people,dc=tapin,dc=test",
                "ldap.group-base-dn = ou=groups,dc=tapin,dc=test",
                "ldap.group-map.1 = cn=clinical,ou=groups,dc=tapin,dc=test => clinical", ""));
        ApplianceConfig config = ApplianceConfig.load(conf);
        store = SqliteStore.open(config.store());
        directory = new LdapDirectory(config.ldap(), store, Clock.systemUTC());
        server = new ApplianceServer(config, store, new Authenticator(store, directory, Clock.systemUTC()),
                Clock.systemUTC()).start();
        http = HttpClient.newBuilder().sslContext(LDAP.tls().sslContextTrustingCa()).build();
        base = URI.create("https://localhost:" + port);
    }

    @AfterEach
    void stop() {
        server.close();
        directory.close();
        store.close();
    }

    private JsonNode post(String path, String credential, ObjectNode body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (credential != null) {
            b.header("Authorization", "Bearer " + credential);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 201);
        return JSON.readTree(r.body());
    }

    @Test
    void passwordSignInAnswersTheDirectorysVerdictAndGroup() throws Exception {
        String credential = post("/v1/endpoints", null, JSON.createObjectNode().put("computerName", "ward3-07")
                .put("agentVersion", "0.1.0")).get("credential").asText();

        JsonNode ok = post("/v1/auth/password", credential,
                JSON.createObjectNode().put("username", "HOSPITAL\\alice").put("password", "Alice-pw-1"));
        assertThat(ok.get("result").asText()).isEqualTo("ok");
        assertThat(ok.at("/user/username").asText()).isEqualTo("alice");
        assertThat(ok.at("/user/displayName").asText()).isEqualTo("Alice Nightingale");
        assertThat(ok.at("/user/group").asText()).isEqualTo("clinical");

        JsonNode mustChange = post("/v1/auth/password", credential,
                JSON.createObjectNode().put("username", "erin").put("password", "Erin-pw-5"));
        assertThat(mustChange.get("result").asText()).isEqualTo("denied");
        assertThat(mustChange.get("reason").asText()).isEqualTo(AccountState.MUST_CHANGE);
    }
}
