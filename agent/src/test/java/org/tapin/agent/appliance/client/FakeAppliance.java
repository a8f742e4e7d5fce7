package org.tapin.agent.appliance.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;

/**
 * A scripted appliance over real TLS (the JDK's HTTPS server) for client tests that need answers the reference
 * appliance never gives: malformed JSON, odd statuses. Each path answers what {@link #answer} set last.
 */
final class FakeAppliance implements AutoCloseable {

    record Reply(int status, String body) {}

    record Seen(String method, String path, String authorization, String body) {}

    private final HttpsServer server;
    private final Map<String, Reply> replies = new ConcurrentHashMap<>();
    final List<Seen> seen = new CopyOnWriteArrayList<>();

    FakeAppliance(SSLContext tls) throws IOException {
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/", this::handle);
        server.start();
        answer("/v1/endpoints", 201, "{\"endpointId\":\"e-1\",\"credential\":\"cred-1\",\"group\":\"default\"}");
    }

    void answer(String path, int status, String body) {
        replies.put(path, new Reply(status, body));
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = exchange.getRequestURI().getPath();
        seen.add(new Seen(exchange.getRequestMethod(), path, exchange.getRequestHeaders().getFirst("Authorization"), body));
        Reply reply = replies.getOrDefault(path, new Reply(404, "{\"error\":\"not-found\",\"message\":\"\"}"));
        byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    URI uri() {
        return URI.create("https://localhost:" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
