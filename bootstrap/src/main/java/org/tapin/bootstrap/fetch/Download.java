package org.tapin.bootstrap.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.tapin.bootstrap.pkg.Refused;

/**
 * Downloads a package over HTTPS into a file, stopping at a byte cap: an endless or oversized answer costs at
 * most the cap in disk and is refused, never waited out. Only {@code https} is accepted, TLS 1.3 preferred and
 * 1.2 the floor; the signature is what makes a package genuine, but TLS keeps what an endpoint asks for private.
 */
public final class Download {
    private final HttpClient client;
    private final Duration timeout;

    public Download(SSLContext tls, Duration timeout) {
        SSLParameters params = tls.getDefaultSSLParameters();
        params.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
        this.client = HttpClient.newBuilder()
                .sslContext(tls)
                .sslParameters(params)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.timeout = timeout;
    }

    public void fetch(URI uri, Path target, long maxBytes) throws Refused, IOException {
        if (!"https".equalsIgnoreCase(uri.getScheme())) {
            throw new Refused("package address " + uri + " is not https");
        }
        HttpResponse<InputStream> response;
        try {
            response = client.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while downloading " + uri, e);
        }
        try (InputStream in = response.body()) {
            if (response.statusCode() != 200) {
                throw new Refused("download of " + uri + " answered HTTP " + response.statusCode());
            }
            copyCapped(uri, in, target, maxBytes);
        }
    }

    /**
     * The agent's ApplianceClient.save caps its package download the same way (nothing past the cap is written, one
     * byte over refuses the whole); the two cannot share this loop, as the loader depends on nothing but the JDK
     * and on no module of the agent. A change to one belongs in the other.
     */
    private static void copyCapped(URI uri, InputStream in, Path target, long maxBytes) throws Refused, IOException {
        try (OutputStream out = Files.newOutputStream(target)) {
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            int n;
            while ((n = in.read(buffer)) > 0) {
                total += n;
                if (total > maxBytes) {
                    throw new Refused("download of " + uri + " exceeds " + maxBytes + " bytes: stopped");
                }
                out.write(buffer, 0, n);
            }
        }
    }
}
