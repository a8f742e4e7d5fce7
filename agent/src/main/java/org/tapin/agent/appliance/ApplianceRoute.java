package org.tapin.agent.appliance;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appliances in the configured order, and the rule for moving between them: on a refused connection, a
 * timeout, a TLS failure or a 5xx answer the next one is tried; the client stays with the one that worked.
 * Returning to the first is tried by {@link #probePreferred} from a background task, never inside a user's
 * tap, so a still-dead first appliance never delays a tap. A call that may have reached an appliance is
 * retried elsewhere only when it is idempotent. A hung appliance costs one ReadTimeout, never more.
 */
public final class ApplianceRoute {

    private static final Logger LOG = LoggerFactory.getLogger("Agent.Appliance");

    /** Appliance answers are small JSON documents; a larger body is a fault or an attack and is refused. */
    public static final int MAX_BODY_BYTES = 1 << 20;

    private final OkHttpClient client;
    private final List<HttpUrl> appliances;
    private int current;

    public ApplianceRoute(OkHttpClient client, List<URI> appliances) {
        if (appliances.isEmpty()) {
            throw new IllegalArgumentException("no appliance configured");
        }
        this.client = client;
        this.appliances = appliances.stream().map(u -> HttpUrl.get(u.toString())).toList();
    }

    /** An answer read whole (within {@link #MAX_BODY_BYTES}) from the appliance at {@code base}. */
    public record Answer(HttpUrl base, int status, String etag, String body) {}

    public synchronized HttpUrl current() {
        return appliances.get(current);
    }

    /**
     * Sends the request built for each appliance in turn until one answers with a status below 500.
     *
     * @param idempotent whether the call may be sent again to another appliance after it may have arrived
     */
    public Answer call(Function<HttpUrl, Request> request, boolean idempotent) throws ApplianceException {
        return call(request, idempotent, response -> read(response.body()));
    }

    /** How a call reads the body it got: into the answer's text, or (a download) into a file. */
    public interface BodyReader {
        String read(Response response) throws IOException;
    }

    /** {@link #call(Function, boolean)} with the body read by {@code body}. */
    public Answer call(Function<HttpUrl, Request> request, boolean idempotent, BodyReader body) throws ApplianceException {
        List<String> failures = new ArrayList<>();
        int start = currentIndex();
        for (int n = 0; n < appliances.size(); n++) {
            int index = (start + n) % appliances.size();
            HttpUrl base = appliances.get(index);
            try (Response response = client.newCall(request.apply(base)).execute()) {
                if (response.code() >= 500) {
                    failures.add(base.host() + ": answered " + response.code());
                    continue;
                }
                Answer answer = new Answer(base, response.code(), response.header("ETag"), body.read(response));
                stayWith(index);
                return answer;
            } catch (IOException e) {
                failures.add(base.host() + ": " + TlsFailure.describe(e));
                if (!idempotent && !TlsFailure.beforeSending(e)) {
                    break; // it may have arrived: sending it again elsewhere could do it twice
                }
            }
        }
        throw new ApplianceException("no appliance answered: " + String.join("; ", failures));
    }

    /**
     * When a later appliance is in use, asks the first with {@code probe} (an idempotent, cheap call) and moves
     * back to it if it answers. Returns true when the route now uses the first appliance.
     */
    public boolean probePreferred(Function<HttpUrl, Request> probe) {
        if (currentIndex() == 0) {
            return true;
        }
        HttpUrl first = appliances.get(0);
        try (Response response = client.newCall(probe.apply(first)).execute()) {
            if (response.code() < 500) {
                stayWith(0);
                return true;
            }
        } catch (IOException e) {
            LOG.debug("first appliance still unusable: {}", TlsFailure.describe(e));
        }
        return false;
    }

    private synchronized int currentIndex() {
        return current;
    }

    private synchronized void stayWith(int index) {
        if (index != current) {
            LOG.warn("using appliance {} (was {})", appliances.get(index), appliances.get(current));
            current = index;
        }
    }

    public static String read(ResponseBody body) throws IOException {
        if (body == null) {
            return "";
        }
        try (InputStream in = body.byteStream()) {
            byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                throw new IOException("answer larger than " + MAX_BODY_BYTES + " bytes");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }
}
