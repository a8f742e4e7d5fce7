package org.tapin.appliance.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tapin.appliance.ApplianceConfig;
import org.tapin.appliance.PolicyDocuments;
import org.tapin.appliance.auth.Authenticator;
import org.tapin.appliance.factor.SignInAnswer;
import org.tapin.appliance.factor.SignInFlow;
import org.tapin.appliance.packages.AgentPackages;
import org.tapin.appliance.store.AuditRecord;
import org.tapin.appliance.store.Endpoint;
import org.tapin.appliance.store.EndpointInfo;
import org.tapin.appliance.store.GroupPolicy;
import org.tapin.appliance.store.Store;
import org.tapin.appliance.store.StoreException;
import org.tapin.appliance.store.UserAccount;

/**
 * The appliance's HTTPS API (docs/protocol.md, v1) on Javalin and Jetty 12: TLS 1.3 and 1.2 only, AEAD
 * suites with ECDHE only, no plain-HTTP port, no server version in answers.
 */
public final class ApplianceServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("Appliance.Http");

    /** TLS 1.3's suites, then TLS 1.2's ECDHE + AEAD suites; nothing with CBC, RSA key exchange or SHA-1 MACs. */
    static final String[] CIPHER_SUITES = {
        "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
        "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
        "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
        "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
    };
    static final int MAX_BODY = 1 << 20;
    static final int MAX_AUDIT_EVENTS = 500;
    static final int MAX_WAIT_SECONDS = 30;
    static final Duration IDLE_TIMEOUT = Duration.ofMinutes(6);
    public static final String VERSION = "tapin-appliance 0.1.0";

    static {
        // JSSE reads this once, when the first server handshake loads its context class; a server is always
        // constructed before its first handshake. Client-initiated renegotiation is a DoS lever the agent never uses.
        System.setProperty("jdk.tls.rejectClientInitiatedRenegotiation", "true");
    }

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final ApplianceConfig config;
    private final Store store;
    private final SignInFlow flow;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final PolicyWatch watch;
    private final AgentPackages packages;
    private static final String ANSWERED = "tapin.answered";
    private final byte[] registrationKey;
    private final Javalin app;

    /** Badge and password only: no second factors, no RADIUS. */
    public ApplianceServer(ApplianceConfig config, Store store, Authenticator auth, Clock clock)
            throws IOException, GeneralSecurityException {
        this(config, store, SignInFlow.firstFactorOnly(store, auth, config.lockoutMaxFailures(), config.lockoutDuration(), clock), clock);
    }

    public ApplianceServer(ApplianceConfig config, Store store, SignInFlow flow, Clock clock)
            throws IOException, GeneralSecurityException {
        this.config = config;
        this.store = store;
        this.flow = flow;
        this.clock = clock;
        this.registrationKey = config.registrationKeyFile() == null ? null
                : Files.readString(config.registrationKeyFile(), StandardCharsets.UTF_8).strip().getBytes(StandardCharsets.UTF_8);
        char[] keyPassword = new char[24];
        for (int i = 0; i < keyPassword.length; i++) {
            keyPassword[i] = (char) ('a' + random.nextInt(26));
        }
        KeyStore keys = TlsFiles.keyStore(config.certificate(), config.privateKey(), keyPassword);
        this.watch = new PolicyWatch(store, this::policyView);
        this.packages = AgentPackages.nextTo(config.store());
        this.app = Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            c.startup.showOldJavalinVersionWarning = false;
            c.http.maxRequestSize = MAX_BODY;
            c.http.prefer405over404 = true;
            c.http.asyncTimeout = (MAX_WAIT_SECONDS + 30) * 1000L;
            c.jetty.modifyHttpConfiguration(http -> {
                http.setSendServerVersion(false);
                http.setSendXPoweredBy(false);
            });
            c.jetty.addConnector((server, http) -> tlsConnector(server, http, keys, new String(keyPassword)));
            routes(c.routes);
        });
    }

    private ServerConnector tlsConnector(Server server, HttpConfiguration http, KeyStore keys, String keyPassword) {
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStore(keys);
        tls.setKeyStorePassword(keyPassword);
        tls.setIncludeProtocols(config.protocols().toArray(String[]::new));
        tls.setIncludeCipherSuites(CIPHER_SUITES);
        // Renegotiation is refused by JSSE itself (jdk.tls.rejectClientInitiatedRenegotiation, set before the first
        // handshake), which answers with a fatal handshake_failure alert. Jetty's own refusal would only close the
        // connection quietly, which a scanner cannot tell from a server that renegotiated and then hung up.
        tls.setRenegotiationAllowed(true);
        tls.setSniRequired(false);
        HttpConfiguration https = new HttpConfiguration(http);
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        secure.setSniHostCheck(false); // clients reach appliances by IP address too; the client verifies the name
        https.addCustomizer(secure);
        ServerConnector connector = new ServerConnector(server, new SslConnectionFactory(tls, HttpVersion.HTTP_1_1.asString()),
                new HttpConnectionFactory(https));
        connector.setHost(config.host());
        connector.setPort(config.port());
        // Longer than any long-poll, and longer than the agent keeps an idle connection (OkHttp: 5 minutes), so it is
        // the agent that drops a warm connection, never the appliance just as a tap is sent on it.
        connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
        return connector;
    }

    public ApplianceServer start() {
        app.start();
        LOG.info("{} listening on https://{}:{} ({}), store {}", VERSION, config.host(), app.port(),
                String.join(", ", config.protocols()), config.store());
        return this;
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        watch.close();
        app.stop();
    }

    // ------------------------------------------------------------------------------------------- routes

    private void routes(io.javalin.config.RoutesConfig r) {
        r.get("/v1/health", ctx -> json(ctx, 200, obj().put("protocol", 1).put("appliance", VERSION)));
        r.post("/v1/endpoints", this::register);
        r.put("/v1/endpoints/self", this::updateSelf);
        r.get("/v1/policy", this::policy);
        r.post("/v1/auth/badge", this::authBadge);
        r.post("/v1/auth/password", this::authPassword);
        r.post("/v1/auth/enroll", this::enroll);
        r.post("/v1/auth/second-factor", this::secondFactor);
        r.post("/v1/auth/change-password", this::changePassword);
        r.post("/v1/audit", this::audit);
        r.get("/v1/agent/packages/{version}", this::agentPackage);

        r.exception(ApiError.class, (e, ctx) -> {
            ctx.attribute(ANSWERED, Boolean.TRUE);
            error(ctx, e.status(), e.code(), e.getMessage());
        });
        r.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(),
                e.getStatus() == 413 ? "too-large" : "bad-request", e.getMessage()));
        r.exception(StoreException.class, (e, ctx) -> {
            LOG.error("store failure on {} {}: {}", ctx.method(), ctx.path(), e.getMessage());
            error(ctx, 500, "internal", "the appliance's store failed");
        });
        r.exception(Exception.class, (e, ctx) -> {
            LOG.error("failure on {} {}", ctx.method(), ctx.path(), e);
            error(ctx, 500, "internal", "the appliance failed");
        });
        r.error(404, ctx -> {
            if (ctx.attribute(ANSWERED) == null) { // a call's own 404 (no such package) keeps its answer
                error(ctx, 404, "not-found", "no such call: " + ctx.method() + " " + ctx.path());
            }
        });
        r.error(405, ctx -> error(ctx, 405, "method-not-allowed", ctx.method() + " is not allowed on " + ctx.path()));
    }

    private void register(Context ctx) {
        if (registrationKey != null) {
            String given = ctx.header("X-Tapin-Registration-Key");
            if (given == null || !MessageDigest.isEqual(registrationKey, given.getBytes(StandardCharsets.UTF_8))) {
                audit("", "endpoint.register-refused", "", "from " + ctx.ip() + ": wrong or missing registration key");
                throw new ApiError(403, "registration-refused", "this appliance needs the site's registration key");
            }
        }
        EndpointInfo info = endpointInfo(body(ctx));
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String credential = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        String id = "e-" + HexFormat.of().formatHex(secretId());
        Endpoint endpoint = store.registerEndpoint(id, hash(credential), info, clock.instant());
        audit(id, "endpoint.register", "", info.computerName() + " from " + ctx.ip() + " (agent " + info.agentVersion() + ")");
        LOG.info("registered endpoint {} ({}) from {}", id, info.computerName(), ctx.ip());
        json(ctx, 201, obj().put("endpointId", id).put("credential", credential).put("group", endpoint.group()));
    }

    private byte[] secretId() {
        byte[] b = new byte[8];
        random.nextBytes(b);
        return b;
    }

    private void updateSelf(Context ctx) {
        Endpoint e = endpoint(ctx);
        store.updateEndpoint(e.id(), endpointInfo(body(ctx)), clock.instant());
        json(ctx, 200, obj().put("endpointId", e.id()).put("group", e.group()));
    }

    private void policy(Context ctx) {
        Endpoint e = endpoint(ctx);
        int wait = 0;
        String w = ctx.queryParam("wait");
        if (w != null) {
            try {
                wait = Integer.parseInt(w);
            } catch (NumberFormatException ex) {
                wait = -1;
            }
            if (wait < 0 || wait > MAX_WAIT_SECONDS) {
                throw ApiError.badRequest("wait must be a whole number of seconds from 0 to " + MAX_WAIT_SECONDS);
            }
        }
        PolicyView view = policyView(e.id()).orElseThrow(() -> new ApiError(403, "endpoint-revoked", "revoked"));
        String known = ctx.header("If-None-Match");
        if (known == null || !known.trim().equals(view.etag())) {
            sendPolicy(ctx, view);
            return;
        }
        if (wait == 0) {
            notModified(ctx, view.etag());
            return;
        }
        Duration held = Duration.ofSeconds(wait);
        ctx.future(() -> watch.await(e.id(), view.etag(), held).thenAccept(changed -> {
            if (changed.isPresent()) {
                sendPolicy(ctx, changed.get());
            } else {
                notModified(ctx, view.etag());
            }
        }));
    }

    private static void notModified(Context ctx, String etag) {
        ctx.status(304).header("ETag", etag);
    }

    private void sendPolicy(Context ctx, PolicyView view) {
        ctx.header("ETag", view.etag());
        ObjectNode answer = obj().put("group", view.group());
        try {
            answer.set("policy", JSON.readTree(view.document()));
        } catch (IOException e) {
            throw new StoreException("the stored policy of group " + view.group() + " is not JSON");
        }
        json(ctx, 200, answer);
    }

    /** The endpoint's current policy, or empty when it is unknown or revoked. */
    private Optional<PolicyView> policyView(String endpointId) {
        Optional<Endpoint> e = store.endpoint(endpointId);
        if (e.isEmpty() || e.get().revoked()) {
            return Optional.empty();
        }
        String group = e.get().group();
        Optional<GroupPolicy> policy = store.policy(group);
        String document = policy.map(GroupPolicy::document).orElse(PolicyDocuments.EMPTY);
        long version = policy.map(GroupPolicy::version).orElse(0L);
        return Optional.of(new PolicyView(group, document, "\"" + group + "." + version + "\""));
    }

    private void authBadge(Context ctx) {
        Endpoint e = endpoint(ctx);
        String badge = text(body(ctx), "badge", 1, 128);
        decision(ctx, flow.badge(badge, e.id()));
    }

    private void authPassword(Context ctx) {
        Endpoint e = endpoint(ctx);
        JsonNode body = body(ctx);
        String username = text(body, "username", 1, 256);
        char[] password = text(body, "password", 0, 1024).toCharArray();
        try {
            decision(ctx, flow.password(username, password, e.id()));
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private void enroll(Context ctx) {
        Endpoint e = endpoint(ctx);
        JsonNode body = body(ctx);
        String badge = text(body, "badge", 1, 128);
        String username = text(body, "username", 1, 256);
        char[] password = text(body, "password", 0, 1024).toCharArray();
        try {
            decision(ctx, flow.enroll(badge, username, password, e.id()));
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private void secondFactor(Context ctx) {
        Endpoint e = endpoint(ctx);
        JsonNode body = body(ctx);
        String token = text(body, "token", 1, 128);
        String method = optionalText(body, "method", 64);
        char[] code = text(body, "code", 1, 256).toCharArray();
        try {
            decision(ctx, flow.next(token, method.isEmpty() ? null : method, code, e.id()));
        } finally {
            Arrays.fill(code, '\0');
        }
    }

    private void changePassword(Context ctx) {
        Endpoint e = endpoint(ctx);
        JsonNode body = body(ctx);
        String token = text(body, "token", 1, 128);
        char[] password = text(body, "password", 1, 1024).toCharArray();
        try {
            decision(ctx, flow.changePassword(token, password, e.id()));
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private static void decision(Context ctx, SignInAnswer d) {
        ObjectNode answer = obj().put("result", d.result());
        if (d.user() != null) {
            UserAccount u = d.user();
            ObjectNode user = obj().put("username", u.username()).put("displayName", u.displayName());
            if (d.group() != null) {
                user.put("group", d.group());
            }
            answer.set("user", user);
        }
        if (d.reason() != null) {
            answer.put("reason", d.reason());
        }
        if (!d.methods().isEmpty()) {
            answer.put("method", d.methods().get(0));
            d.methods().forEach(answer.putArray("methods")::add);
        }
        if (d.message() != null) {
            answer.put("message", d.message());
        }
        if (d.token() != null) {
            answer.put("token", d.token()).put("expires", d.expires().toString());
        }
        if (!d.rules().isEmpty()) {
            d.rules().forEach(answer.putArray("rules")::add);
        }
        if (d.expiresInDays() != null) {
            answer.put("passwordExpiresInDays", d.expiresInDays());
        }
        json(ctx, 200, answer);
    }

    private void audit(Context ctx) {
        Endpoint e = endpoint(ctx);
        JsonNode events = body(ctx).get("events");
        if (events == null || !events.isArray() || events.isEmpty()) {
            throw ApiError.badRequest("events must be a non-empty array");
        }
        if (events.size() > MAX_AUDIT_EVENTS) {
            throw new ApiError(413, "too-large", "at most " + MAX_AUDIT_EVENTS + " events per call");
        }
        List<AuditRecord> records = new ArrayList<>();
        for (JsonNode event : events) {
            if (!event.isObject()) {
                throw ApiError.badRequest("each event must be an object");
            }
            Instant time;
            try {
                time = event.hasNonNull("time") ? Instant.parse(event.get("time").asText()) : clock.instant();
            } catch (DateTimeParseException ex) {
                throw ApiError.badRequest("time must be an ISO-8601 instant");
            }
            records.add(new AuditRecord(0, text(event, "id", 1, 64), time, "agent", e.id(), text(event, "type", 1, 64),
                    optionalText(event, "user", 256), optionalText(event, "detail", 4096)));
        }
        int stored = store.appendAudit(records);
        json(ctx, 200, obj().put("stored", stored).put("duplicates", records.size() - stored));
    }

    /**
     * A published agent package, streamed; the endpoint's loader verifies it (the appliance is a mirror). No
     * credential is needed: a freshly imaged endpoint's loader has none yet and must still get its first agent
     * from here, and a signed package holds nothing a site keeps secret. A credential that is sent is checked
     * (a revoked endpoint is refused), so downloads by registered endpoints are audited under their id.
     */
    private void agentPackage(Context ctx) throws IOException {
        String endpoint = ctx.header("Authorization") == null ? "" : endpoint(ctx).id();
        String version = ctx.pathParam("version");
        Optional<AgentPackages.Published> p = packages.find(version);
        if (p.isEmpty()) {
            throw new ApiError(404, "no-such-package", "this appliance has no agent package " + version);
        }
        audit(endpoint, "agent.package.download", "", "version " + p.get().version() + " by " + ctx.ip()
                + (endpoint.isEmpty() ? " (no endpoint credential: a loader's first install)" : ""));
        ctx.status(200).contentType("application/octet-stream").result(Files.newInputStream(p.get().file()));
    }

    // ------------------------------------------------------------------------------------------- plumbing

    /** The calling endpoint, from its bearer credential: 401 unknown, 403 revoked. */
    private Endpoint endpoint(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || !header.startsWith("Bearer ") || header.length() > 200) {
            throw new ApiError(401, "unknown-endpoint", "no endpoint credential (Authorization: Bearer)");
        }
        Optional<Endpoint> e = store.endpointByCredential(hash(header.substring(7).trim()));
        if (e.isEmpty()) {
            audit("", "endpoint.refused", "", "unknown credential from " + ctx.ip() + " on " + ctx.path());
            throw new ApiError(401, "unknown-endpoint", "this appliance does not know the endpoint's credential");
        }
        if (e.get().revoked()) {
            audit(e.get().id(), "endpoint.refused", "", "revoked endpoint from " + ctx.ip() + " on " + ctx.path());
            throw new ApiError(403, "endpoint-revoked", "an admin revoked this endpoint");
        }
        return e.get();
    }

    static String hash(String credential) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(credential.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void audit(String endpoint, String type, String user, String detail) {
        store.appendAudit(List.of(new AuditRecord(0, UUID.randomUUID().toString(), clock.instant(), "appliance", endpoint,
                type, user, detail)));
    }

    private static JsonNode body(Context ctx) {
        String length = ctx.header("Content-Length");
        if (length != null) {
            try {
                if (Long.parseLong(length.trim()) > MAX_BODY) {
                    throw new ApiError(413, "too-large", "request body over " + MAX_BODY + " bytes");
                }
            } catch (NumberFormatException e) {
                throw ApiError.badRequest("bad Content-Length");
            }
        }
        byte[] bytes = ctx.bodyAsBytes();
        if (bytes.length > MAX_BODY) {
            throw new ApiError(413, "too-large", "request body over " + MAX_BODY + " bytes");
        }
        try {
            JsonNode node = JSON.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw ApiError.badRequest("the body must be a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw ApiError.badRequest("the body is not JSON");
        }
    }

    private static EndpointInfo endpointInfo(JsonNode body) {
        return new EndpointInfo(text(body, "computerName", 1, 253), list(body, "macs"), list(body, "ips"),
                optionalText(body, "agentVersion", 64), optionalText(body, "bootstrapVersion", 64));
    }

    private static String text(JsonNode body, String field, int min, int max) {
        JsonNode n = body.get(field);
        if (n == null || !n.isTextual()) {
            throw ApiError.badRequest(field + " is required and must be a string");
        }
        String s = n.asText();
        if (s.length() < min || s.length() > max) {
            throw ApiError.badRequest(field + " must be " + min + " to " + max + " characters");
        }
        return s;
    }

    private static String optionalText(JsonNode body, String field, int max) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return "";
        }
        return text(body, field, 0, max);
    }

    private static List<String> list(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return List.of();
        }
        if (!n.isArray() || n.size() > 64) {
            throw ApiError.badRequest(field + " must be an array of at most 64 strings");
        }
        List<String> values = new ArrayList<>();
        for (JsonNode v : n) {
            if (!v.isTextual() || v.asText().length() > 64 || v.asText().contains(",")) {
                throw ApiError.badRequest(field + " must hold strings of at most 64 characters without commas");
            }
            values.add(v.asText());
        }
        return values;
    }

    private static ObjectNode obj() {
        return JSON.createObjectNode();
    }

    private static void json(Context ctx, int status, ObjectNode body) {
        try {
            ctx.status(status).contentType("application/json").result(JSON.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void error(Context ctx, int status, String code, String message) {
        json(ctx, status, obj().put("error", code).put("message", message == null ? "" : message));
    }
}
