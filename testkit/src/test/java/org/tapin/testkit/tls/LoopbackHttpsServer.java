package org.tapin.testkit.tls;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/** The JDK's own HTTPS server on a loopback address, presenting one generated identity. */
final class LoopbackHttpsServer implements AutoCloseable {
    static final String BODY = "hello over TLS";

    private final HttpsServer server;

    LoopbackHttpsServer(ServerFiles identity, InetAddress address) {
        try {
            // Port 0: the kernel picks a free port at bind time, so parallel runs cannot race for one.
            server = HttpsServer.create(new InetSocketAddress(address, 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind an HTTPS server on " + address, e);
        }
        server.setHttpsConfigurator(new HttpsConfigurator(identity.serverSslContext()));
        server.createContext("/", exchange -> {
            byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (var out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** The URI a client uses to reach this server under {@code host} (a name, or an address literal). */
    URI uri(String host) {
        String authority = host.contains(":") ? "[" + host + "]" : host;
        return URI.create("https://" + authority + ":" + port() + "/");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
