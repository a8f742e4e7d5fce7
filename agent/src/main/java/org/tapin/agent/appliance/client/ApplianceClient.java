package org.tapin.agent.appliance.client;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tapin.agent.appliance.ApplianceException;
import org.tapin.agent.appliance.ApplianceRoute;
import org.tapin.agent.appliance.ApplianceTransport;
import org.tapin.agent.appliance.CaFolderTrust;
import org.tapin.agent.audit.AuditEvent;
import org.tapin.agent.config.TapinConfig;
import org.tapin.agent.json.Json;

/**
 * The agent's side of protocol v1 (docs/protocol.md) over {@link ApplianceRoute}: registration and the bearer
 * credential, and one method per call. Failures come out as three kinds: {@link ApplianceException} (no
 * appliance answered: refused, timed out, TLS, 5xx), {@link EndpointRevokedException} (403: this computer is
 * blocked), {@link MalformedAnswerException} (an answer that is not v1's). A {@code 401} makes the client
 * register again, once, and repeat the call.
 */
public final class ApplianceClient {

    private static final Logger LOG = LoggerFactory.getLogger("Agent.Appliance");
    private static final MediaType JSON_TYPE = MediaType.get("application/json");

    /** The longest a policy long-poll is held (the protocol allows 30). */
    public static final int POLL_SECONDS = 25;

    private final ApplianceRoute route;
    private final ApplianceRoute pollRoute;
    private final CredentialFile credentials;
    private final EndpointFacts facts;
    private final String registrationKey;
    private CredentialFile.Credential credential;
    /** A request failed for want of an answer and none has succeeded since. */
    private volatile boolean unanswered;
    private volatile Runnable reachedAgain = () -> { };

    /**
     * @param http the client from {@link ApplianceTransport#client}
     * @param registrationKey the site's registration key, or null when the appliance does not ask for one
     */
    public ApplianceClient(OkHttpClient http, List<URI> appliances, CredentialFile credentials, EndpointFacts facts,
            String registrationKey) {
        this.route = new ApplianceRoute(http, appliances);
        // Long-polls wait up to POLL_SECONDS for an answer by design: only their read and call timeouts grow.
        OkHttpClient polling = http.newBuilder()
                .readTimeout(http.readTimeoutMillis() + POLL_SECONDS * 1000L, TimeUnit.MILLISECONDS)
                .callTimeout(http.callTimeoutMillis() + POLL_SECONDS * 1000L, TimeUnit.MILLISECONDS)
                .build();
        this.pollRoute = new ApplianceRoute(polling, appliances);
        this.credentials = credentials;
        this.facts = facts;
        this.registrationKey = registrationKey;
    }

    /** The client the agent's configuration describes: appliances, CA folder, timeouts, data folder. */
    public static ApplianceClient create(TapinConfig config, EndpointFacts facts) throws IOException, GeneralSecurityException {
        CaFolderTrust.Loaded trust = CaFolderTrust.load(config.agent().caCertsDir());
        for (String skipped : trust.skipped()) {
            LOG.warn("CA folder: skipped {}", skipped);
        }
        OkHttpClient http = ApplianceTransport.client(trust.trustManager(), config.ssl());
        return new ApplianceClient(http, config.agent().appliances(), new CredentialFile(config.agent().dataDir()), facts, null);
    }

    // ------------------------------------------------------------------------------------- registration

    /** The stored credential, after registering when there is none. */
    public synchronized CredentialFile.Credential credential()
            throws ApplianceException, EndpointRevokedException, MalformedAnswerException {
        if (credential == null) {
            try {
                credential = credentials.read().orElse(null);
            } catch (IOException e) {
                throw new ApplianceException("cannot use the stored appliance credential: " + e.getMessage());
            }
        }
        if (credential == null) {
            credential = register();
        }
        return credential;
    }

    private CredentialFile.Credential register() throws ApplianceException, EndpointRevokedException, MalformedAnswerException {
        ObjectNode body = Json.mapper().createObjectNode().put("computerName", facts.computerName())
                .put("agentVersion", facts.agentVersion()).put("bootstrapVersion", facts.bootstrapVersion());
        ArrayNode macs = body.putArray("macs");
        facts.macs().forEach(macs::add);
        ArrayNode ips = body.putArray("ips");
        facts.ips().forEach(ips::add);
        byte[] bytes = bytes(body);
        ApplianceRoute.Answer answer = route.call(base -> {
            Request.Builder request = new Request.Builder().url(url(base, "v1/endpoints")).post(RequestBody.create(bytes, JSON_TYPE));
            if (registrationKey != null) {
                request.header("X-Tapin-Registration-Key", registrationKey);
            }
            return request.build();
        }, false);
        if (answer.status() == 403) {
            throw new EndpointRevokedException("the appliance refused to register this computer: " + errorOf(answer));
        }
        JsonNode node = expect(answer, 201);
        String id = node.path("endpointId").asText("");
        String secret = node.path("credential").asText("");
        if (id.isEmpty() || secret.isEmpty()) {
            throw new MalformedAnswerException(answer.base().host() + " answered registration without endpointId or credential");
        }
        CredentialFile.Credential registered = new CredentialFile.Credential(id, secret);
        try {
            credentials.write(registered);
        } catch (IOException e) {
            throw new ApplianceException("registered as " + id + " but cannot store the credential: " + e.getMessage());
        }
        LOG.info("registered with appliance {} as endpoint {} (group {})", answer.base().host(), id, node.path("group").asText("?"));
        return registered;
    }

    /** After a 401 with {@code used}: forgets it and registers again, unless another thread already did. */
    private synchronized CredentialFile.Credential renew(CredentialFile.Credential used)
            throws ApplianceException, EndpointRevokedException, MalformedAnswerException {
        if (credential == used) {
            LOG.warn("the appliance does not know endpoint {}; registering again", used.endpointId());
            credential = null;
            try {
                credentials.delete();
            } catch (IOException e) {
                throw new ApplianceException("cannot remove the stale credential: " + e.getMessage());
            }
        }
        return credential();
    }

    // ------------------------------------------------------------------------------------- calls

    /** A decision call ({@code v1/auth/...}): the answer's JSON object, status 200. */
    public JsonNode authenticate(String path, byte[] body, boolean idempotent)
            throws ApplianceException, EndpointRevokedException, MalformedAnswerException {
        ApplianceRoute.Answer answer = send(route, base -> new Request.Builder().url(url(base, path))
                .post(RequestBody.create(body, JSON_TYPE)), idempotent);
        return expect(answer, 200);
    }

    /** What a policy call answered: a new policy, or (when {@code changed} is false) the same as {@code etag}. */
    public record PolicyAnswer(boolean changed, String etag, String group, String policyJson) {}

    /**
     * Asks for the policy; with {@code etag} and {@code waitSeconds > 0} the appliance holds the call until the
     * policy changes or the wait ends.
     */
    public PolicyAnswer policy(String etag, int waitSeconds) throws ApplianceException, EndpointRevokedException, MalformedAnswerException {
        int wait = Math.max(0, Math.min(POLL_SECONDS, waitSeconds));
        ApplianceRoute.Answer answer = send(wait > 0 ? pollRoute : route, base -> {
            Request.Builder request = new Request.Builder().url(url(base, "v1/policy").newBuilder()
                    .addQueryParameter("wait", Integer.toString(wait)).build());
            if (etag != null) {
                request.header("If-None-Match", etag);
            }
            return request.get();
        }, true);
        if (answer.status() == 304) {
            return new PolicyAnswer(false, etag, null, null);
        }
        JsonNode node = expect(answer, 200);
        JsonNode policy = node.get("policy");
        if (policy == null || !policy.isObject() || answer.etag() == null) {
            throw new MalformedAnswerException(answer.base().host() + " answered a policy without the policy object or its ETag");
        }
        return new PolicyAnswer(true, answer.etag(), node.path("group").asText(""), policy.toString());
    }

    /** Uploads events; returns how many the appliance stored new (the others it had already). Idempotent. */
    public int uploadAudit(List<AuditEvent> events) throws ApplianceException, EndpointRevokedException, MalformedAnswerException {
        ObjectNode body = Json.mapper().createObjectNode();
        ArrayNode array = body.putArray("events");
        for (AuditEvent e : events) {
            array.addObject().put("id", e.id()).put("time", e.time().toString()).put("type", e.type())
                    .put("user", e.user()).put("detail", e.detail());
        }
        byte[] bytes = bytes(body);
        ApplianceRoute.Answer answer = send(route, base -> new Request.Builder().url(url(base, "v1/audit"))
                .post(RequestBody.create(bytes, JSON_TYPE)), true);
        JsonNode node = expect(answer, 200);
        if (!node.path("stored").isInt()) {
            throw new MalformedAnswerException(answer.base().host() + " answered an audit upload without 'stored'");
        }
        return node.get("stored").asInt();
    }

    /**
     * Downloads the published agent package {@code version} into {@code target}, at most {@code maxBytes}: a
     * larger answer is cut off and refused. The loader verifies what arrives; this only carries it.
     */
    public void downloadPackage(String version, Path target, long maxBytes)
            throws ApplianceException, EndpointRevokedException, MalformedAnswerException {
        if (!version.matches("[0-9]{1,9}(\\.[0-9]{1,9}){0,3}")) {
            throw new IllegalArgumentException("not an agent version: " + version);
        }
        ApplianceRoute.Answer answer = send(route, base -> new Request.Builder()
                .url(url(base, "v1/agent/packages/" + version)).get(), true,
                response -> response.code() == 200 ? save(response, target, maxBytes) : ApplianceRoute.read(response.body()));
        if (answer.status() != 200) {
            throw new MalformedAnswerException(answer.base().host() + " has no agent package " + version + ": "
                    + errorOf(answer));
        }
    }

    /**
     * Capped as the loader's own download (bootstrap fetch.Download) is: nothing past {@code maxBytes} is written
     * and one byte over refuses the whole. The loop is not shared because the loader must depend on nothing but the
     * JDK and on no module of the agent; a change to one belongs in the other.
     */
    private static String save(okhttp3.Response response, Path target, long maxBytes) throws IOException {
        try (InputStream in = response.body().byteStream(); OutputStream out = Files.newOutputStream(target)) {
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            for (int n; (n = in.read(buffer)) > 0; ) {
                total += n;
                if (total > maxBytes) {
                    throw new IOException("agent package larger than " + maxBytes + " bytes: refused");
                }
                out.write(buffer, 0, n);
            }
        }
        return "";
    }

    /**
     * When a later appliance is in use, asks the first one ({@code GET /v1/health}) and moves back to it if it
     * answers. For a background task; never inside a tap.
     */
    public void probePreferred() {
        route.probePreferred(base -> new Request.Builder().url(url(base, "v1/health")).get().build());
        pollRoute.probePreferred(base -> new Request.Builder().url(url(base, "v1/health")).get().build());
    }

    private interface RequestShape {
        Request.Builder build(HttpUrl base);
    }

    /** Sends with the credential; after a 401 registers again once and repeats; a 403 is the revoked endpoint. */
    private ApplianceRoute.Answer send(ApplianceRoute via, RequestShape shape, boolean idempotent)
            throws ApplianceException, EndpointRevokedException, MalformedAnswerException {
        return send(via, shape, idempotent, response -> ApplianceRoute.read(response.body()));
    }

    /** Who to tell, once, when the appliance answers again after a request found none reachable. */
    public void onReachedAgain(Runnable listener) {
        reachedAgain = listener;
    }

    private ApplianceRoute.Answer send(ApplianceRoute via, RequestShape shape, boolean idempotent,
            ApplianceRoute.BodyReader body) throws ApplianceException, EndpointRevokedException, MalformedAnswerException {
        ApplianceRoute.Answer answer;
        try {
            answer = exchange(via, shape, idempotent, body);
        } catch (ApplianceException e) {
            unanswered = true;
            throw e;
        }
        if (unanswered) {
            unanswered = false;
            reachedAgain.run();
        }
        return answer;
    }

    private ApplianceRoute.Answer exchange(ApplianceRoute via, RequestShape shape, boolean idempotent,
            ApplianceRoute.BodyReader body) throws ApplianceException, EndpointRevokedException, MalformedAnswerException {
        CredentialFile.Credential used = credential();
        ApplianceRoute.Answer answer = via.call(base -> authorized(shape.build(base), used), idempotent, body);
        if (answer.status() == 401) {
            CredentialFile.Credential renewed = renew(used);
            answer = via.call(base -> authorized(shape.build(base), renewed), idempotent, body);
        }
        if (answer.status() == 403) {
            throw new EndpointRevokedException("the appliance refuses this computer: " + errorOf(answer));
        }
        return answer;
    }

    private static Request authorized(Request.Builder request, CredentialFile.Credential credential) {
        return request.header("Authorization", "Bearer " + credential.secret()).build();
    }

    private static HttpUrl url(HttpUrl base, String path) {
        HttpUrl url = base.resolve(path);
        if (url == null) {
            throw new IllegalArgumentException("cannot make a URL from " + base + " and " + path);
        }
        return url;
    }

    private static JsonNode expect(ApplianceRoute.Answer answer, int status) throws MalformedAnswerException {
        if (answer.status() != status) {
            throw new MalformedAnswerException(answer.base().host() + " answered " + answer.status() + " where " + status
                    + " was due: " + errorOf(answer));
        }
        try {
            JsonNode node = Json.mapper().readTree(answer.body());
            if (node == null || !node.isObject()) {
                throw new MalformedAnswerException(answer.base().host() + " answered something other than a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new MalformedAnswerException(answer.base().host() + " answered malformed JSON (" + firstLine(e.getMessage()) + ")");
        }
    }

    private static String errorOf(ApplianceRoute.Answer answer) {
        try {
            JsonNode node = Json.mapper().readTree(answer.body());
            if (node != null && node.isObject() && node.has("error")) {
                return node.path("error").asText() + " (" + node.path("message").asText("") + ")";
            }
        } catch (IOException e) {
            // not the protocol's error object
        }
        String body = answer.body() == null ? "" : answer.body();
        return "status " + answer.status() + (body.isBlank() ? "" : ", " + firstLine(body.length() > 120 ? body.substring(0, 120) : body));
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return Json.mapper().writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A JSON object of string fields where some values are secrets: written from their characters straight into
     * bytes, with no {@code String} made of them; the caller wipes the returned array once it was sent. (Copies
     * inside Jackson's and Okio's buffers are out of reach; they are reused or collected soon after.)
     */
    static byte[] secretBody(Map<String, Object> fields) {
        WipeableBuffer buffer = new WipeableBuffer();
        try (JsonGenerator json = Json.mapper().getFactory().createGenerator(buffer)) {
            json.writeStartObject();
            for (Map.Entry<String, Object> field : fields.entrySet()) {
                json.writeFieldName(field.getKey());
                if (field.getValue() instanceof char[] chars) {
                    json.writeString(chars, 0, chars.length);
                } else {
                    json.writeString(String.valueOf(field.getValue()));
                }
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] bytes = buffer.toByteArray();
        buffer.wipe();
        return bytes;
    }

    private static final class WipeableBuffer extends ByteArrayOutputStream {
        WipeableBuffer() {
            super(256);
        }

        void wipe() {
            Arrays.fill(buf, (byte) 0);
            count = 0;
        }
    }
}
