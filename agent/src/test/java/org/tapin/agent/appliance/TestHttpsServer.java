package org.tapin.agent.appliance;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/** A real HTTPS server on loopback (the JDK's), with a certificate from the TLS harness, for client tests. */
final class TestHttpsServer implements AutoCloseable {
    private final HttpsServer server;

    TestHttpsServer(SSLContext tls, String[] protocols, HttpHandler handler) throws IOException {
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters parameters = tls.getDefaultSSLParameters();
                if (protocols != null) {
                    parameters.setProtocols(protocols);
                }
                params.setSSLParameters(parameters);
            }
        });
        server.createContext("/", handler);
        server.start();
    }

    static HttpHandler answering(int status, String body) {
        return exchange -> respond(exchange, status, body);
    }

    static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
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
