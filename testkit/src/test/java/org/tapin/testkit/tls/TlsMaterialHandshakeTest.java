package org.tapin.testkit.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.time.Duration;
import java.util.Collections;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.tapin.testkit.tls.TlsMaterial.Kind;

/**
 * Real handshakes: the JDK's HTTPS server presents each generated identity on loopback, and a JDK client
 * that trusts only the generated CA, checks host names and speaks TLS 1.3/1.2 connects to it.
 */
@ExtendWith(TlsMaterialExtension.class)
class TlsMaterialHandshakeTest {
    private static final InetAddress IPV4_LOOPBACK = InetAddress.getLoopbackAddress();

    @ParameterizedTest(name = "trusting {0}")
    @ValueSource(strings = {"ca.crt", "ca.cer", "bundle.crt"})
    void validServerIsTrustedThroughEachTrustFile(String trustFile, TlsMaterial tls) throws Exception {
        try (var server = new LoopbackHttpsServer(tls.server(Kind.VALID), IPV4_LOOPBACK)) {
            HttpResponse<String> response = get(CaTrust.sslContext(tls.caFolder().resolve(trustFile)), server.uri("localhost"));

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo(LoopbackHttpsServer.BODY);
            assertThat(response.sslSession()).get().extracting(s -> s.getProtocol()).isEqualTo("TLSv1.3");
        }
    }

    @Test
    void validServerIsTrustedAtItsIpv4Address(TlsMaterial tls) throws Exception {
        try (var server = new LoopbackHttpsServer(tls.server(Kind.VALID), IPV4_LOOPBACK)) {
            assertThat(get(tls.sslContextTrustingCa(), server.uri("127.0.0.1")).body()).isEqualTo(LoopbackHttpsServer.BODY);
        }
    }

    @Test
    void validServerIsTrustedAtItsIpv6Address(TlsMaterial tls) throws Exception {
        InetAddress ipv6Loopback = InetAddress.getByName("::1");
        // Not an assumption that could silently skip: ::1 is on lo on every machine this project supports.
        assertThat(Collections.list(NetworkInterface.getByInetAddress(ipv6Loopback).getInetAddresses()))
                .anyMatch(a -> a instanceof Inet6Address && a.isLoopbackAddress());
        try (var server = new LoopbackHttpsServer(tls.server(Kind.VALID), ipv6Loopback)) {
            assertThat(get(tls.sslContextTrustingCa(), server.uri("::1")).body()).isEqualTo(LoopbackHttpsServer.BODY);
        }
    }

    /** The 1.2 floor works with the EC keys too (ECDHE-ECDSA), so a 1.2-only peer is not locked out. */
    @Test
    void validServerIsTrustedOverTls12(TlsMaterial tls) throws Exception {
        try (var server = new LoopbackHttpsServer(tls.server(Kind.VALID), IPV4_LOOPBACK)) {
            SSLParameters tls12Only = CaTrust.verifyingClientParameters();
            tls12Only.setProtocols(new String[] {"TLSv1.2"});
            HttpClient client = HttpClient.newBuilder()
                    .sslContext(tls.sslContextTrustingCa())
                    .sslParameters(tls12Only)
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();

            HttpResponse<String> response = client.send(request(server.uri("localhost")), HttpResponse.BodyHandlers.ofString());

            assertThat(response.sslSession()).get().extracting(s -> s.getProtocol()).isEqualTo("TLSv1.2");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Kind.class, names = "VALID", mode = EnumSource.Mode.EXCLUDE)
    void brokenServerIsRejectedForItsOwnReason(Kind kind, TlsMaterial tls) {
        for (Path trust : new Path[] {tls.caPem(), tls.caDer()}) {
            try (var server = new LoopbackHttpsServer(tls.server(kind), IPV4_LOOPBACK)) {
                assertThatThrownBy(() -> get(CaTrust.sslContext(trust), server.uri("localhost")))
                        .as("%s trusting %s", kind, trust.getFileName())
                        .isInstanceOf(SSLHandshakeException.class)
                        .satisfies(e -> assertExpectedReason(kind, e));
            }
        }
    }

    /**
     * With a bare SSLSocket, host names are checked only when the client asks for it: the wrong-host
     * server fails with {@link CaTrust#verifyingClientParameters()} and passes without, which shows that
     * the failure above is the host name check and nothing else about that certificate.
     */
    @Test
    void sslSocketChecksHostNamesOnlyWithVerifyingParameters(TlsMaterial tls) throws Exception {
        try (var server = new LoopbackHttpsServer(tls.server(Kind.WRONG_HOST), IPV4_LOOPBACK)) {
            SSLParameters withoutHostCheck = CaTrust.verifyingClientParameters();
            withoutHostCheck.setEndpointIdentificationAlgorithm(null);
            assertThat(socketExchange(tls.sslContextTrustingCa(), server.port(), withoutHostCheck)).startsWith("HTTP/1.1 200");

            assertThatThrownBy(() -> socketExchange(tls.sslContextTrustingCa(), server.port(), CaTrust.verifyingClientParameters()))
                    .isInstanceOf(SSLHandshakeException.class)
                    .satisfies(e -> assertExpectedReason(Kind.WRONG_HOST, e));
        }
        try (var server = new LoopbackHttpsServer(tls.server(Kind.VALID), IPV4_LOOPBACK)) {
            assertThat(socketExchange(tls.sslContextTrustingCa(), server.port(), CaTrust.verifyingClientParameters()))
                    .startsWith("HTTP/1.1 200");
        }
    }

    private static void assertExpectedReason(Kind kind, Throwable failure) {
        switch (kind) {
            case EXPIRED -> assertThat(failure).hasRootCauseInstanceOf(CertificateExpiredException.class)
                    .hasMessageContaining("validity check failed");
            case NOT_YET_VALID -> assertThat(failure).hasRootCauseInstanceOf(CertificateNotYetValidException.class)
                    .hasMessageContaining("validity check failed");
            case WRONG_HOST -> assertThat(failure).hasRootCauseExactlyInstanceOf(CertificateException.class)
                    .hasRootCauseMessage("No subject alternative DNS name matching localhost found.");
            case UNTRUSTED_CA, SELF_SIGNED -> assertThat(failure).hasRootCauseInstanceOf(CertPathBuilderException.class)
                    .hasMessageContaining("PKIX path building failed")
                    .hasRootCauseMessage("unable to find valid certification path to requested target");
            case VALID -> throw new AssertionError("VALID must not fail: " + failure);
        }
    }

    private static HttpResponse<String> get(SSLContext trust, java.net.URI uri) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder()
                .sslContext(trust)
                .sslParameters(CaTrust.verifyingClientParameters())
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        return client.send(request(uri), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest request(java.net.URI uri) {
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build();
    }

    /** Connects to 127.0.0.1 but names the peer "localhost", which is what the host name check compares. */
    private static String socketExchange(SSLContext trust, int port, SSLParameters parameters) throws IOException {
        try (SSLSocket socket = (SSLSocket) trust.getSocketFactory().createSocket("localhost", port)) {
            socket.setSoTimeout(10_000);
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            OutputStream out = socket.getOutputStream();
            out.write("GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }
}
