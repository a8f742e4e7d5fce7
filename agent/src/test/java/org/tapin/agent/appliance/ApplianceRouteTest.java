package org.tapin.agent.appliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.tapin.agent.config.TapinConfig;
import org.tapin.testkit.FreePorts;
import org.tapin.testkit.tls.TlsMaterial;
import org.tapin.testkit.tls.TlsMaterial.Kind;
import org.tapin.testkit.tls.TlsMaterialExtension;

/** The agent's HTTPS client against real TLS servers with generated certificates: what is trusted, and failover. */
@ExtendWith(TlsMaterialExtension.class)
class ApplianceRouteTest {

    static final TapinConfig.Ssl FAST = new TapinConfig.Ssl(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1));

    static OkHttpClient client(TlsMaterial tls) throws Exception {
        return ApplianceTransport.client(CaFolderTrust.load(tls.caFolder()).trustManager(), FAST);
    }

    static ApplianceRoute.Answer get(OkHttpClient client, URI... appliances) throws ApplianceException {
        return new ApplianceRoute(client, List.of(appliances))
                .call(base -> new Request.Builder().url(base.resolve("/api/v1/ping")).build(), true);
    }

    @Test
    void trustsTheFolderInPemAndDerAndRefusesAnEmptyFolder(TlsMaterial tls, @TempDir Path empty) throws Exception {
        CaFolderTrust.Loaded loaded = CaFolderTrust.load(tls.caFolder());
        // ca.crt (PEM), ca.cer (DER) and bundle.crt (two in one PEM file)
        assertThat(loaded.certificates()).hasSize(4);
        Files.writeString(empty.resolve("notes.crt"), "not a certificate");
        assertThatThrownBy(() -> CaFolderTrust.load(empty)).hasMessageContaining("no CA certificate (.crt or .cer) in")
                .hasMessageContaining("notes.crt: not a certificate");
    }

    @Test
    void aValidCertificateOverTls13AndOverTls12Only(TlsMaterial tls) throws Exception {
        try (TestHttpsServer modern = new TestHttpsServer(tls.server(Kind.VALID).serverSslContext(), null,
                TestHttpsServer.answering(200, "{\"ok\":true}"));
                TestHttpsServer old = new TestHttpsServer(tls.server(Kind.VALID).serverSslContext(),
                        new String[] {"TLSv1.2"}, TestHttpsServer.answering(200, "tls12"))) {
            assertThat(get(client(tls), modern.uri()).body()).isEqualTo("{\"ok\":true}");
            assertThat(get(client(tls), old.uri()).body()).isEqualTo("tls12");
        }
    }

    @Test
    void everyBadCertificateIsRefusedWithItsReason(TlsMaterial tls) throws Exception {
        assertRefused(tls, Kind.EXPIRED, "the appliance's certificate has expired");
        assertRefused(tls, Kind.NOT_YET_VALID, "the appliance's certificate is not valid yet");
        assertRefused(tls, Kind.WRONG_HOST, "the appliance's certificate does not name this host");
        assertRefused(tls, Kind.UNTRUSTED_CA, "not issued by a CA in the CA folder");
        assertRefused(tls, Kind.SELF_SIGNED, "not issued by a CA in the CA folder");
    }

    void assertRefused(TlsMaterial tls, Kind kind, String reason) throws Exception {
        try (TestHttpsServer server = new TestHttpsServer(tls.server(kind).serverSslContext(), null,
                TestHttpsServer.answering(200, "should never be read"))) {
            assertThatThrownBy(() -> get(client(tls), server.uri())).as(kind.name())
                    .isInstanceOf(ApplianceException.class).hasMessageContaining(reason);
        }
    }

    @Test
    void failsOverPastARefusingAHungAndA500ApplianceAndStaysWithTheOneThatWorks(TlsMaterial tls) throws Exception {
        URI refusing = URI.create("https://localhost:" + FreePorts.loopback());
        try (ServerSocket hung = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                TestHttpsServer failing = new TestHttpsServer(tls.server(Kind.VALID).serverSslContext(), null,
                        TestHttpsServer.answering(500, "boom"));
                TestHttpsServer working = new TestHttpsServer(tls.server(Kind.VALID).serverSslContext(), null,
                        TestHttpsServer.answering(200, "third"))) {
            acceptAndNeverAnswer(hung);
            ApplianceRoute route = new ApplianceRoute(client(tls),
                    List.of(refusing, URI.create("https://localhost:" + hung.getLocalPort()), failing.uri(), working.uri()));
            ApplianceRoute.Answer answer = route.call(base -> new Request.Builder().url(base.resolve("/x")).build(), true);
            assertThat(answer.body()).isEqualTo("third");
            assertThat(route.current().port()).isEqualTo(working.uri().getPort());
            // Next call goes straight to the working one.
            assertThat(route.call(base -> new Request.Builder().url(base.resolve("/y")).build(), true).base().port())
                    .isEqualTo(working.uri().getPort());
        }
    }

    /**
     * The failover figure: the first appliance refuses connections, the second accepts TCP and never sends a byte,
     * the third works. The hung one costs one ReadTimeout (it bounds the TLS handshake's reads too), never the
     * connect or the whole call's timeout: ReadTimeout is set apart from the other two so the figure shows which.
     */
    @Test
    void failoverPastARefusingAndAHungApplianceCostsOneReadTimeout(TlsMaterial tls) throws Exception {
        TapinConfig.Ssl ssl = new TapinConfig.Ssl(Duration.ofSeconds(2), Duration.ofSeconds(6), Duration.ofSeconds(6));
        URI refusing = URI.create("https://localhost:" + FreePorts.loopback());
        try (ServerSocket hung = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                TestHttpsServer working = new TestHttpsServer(tls.server(Kind.VALID).serverSslContext(), null,
                        TestHttpsServer.answering(200, "third"))) {
            acceptAndNeverAnswer(hung);
            OkHttpClient client = ApplianceTransport.client(CaFolderTrust.load(tls.caFolder()).trustManager(), ssl);
            // The working one once first: its handshake and the JIT are not part of the failover.
            assertThat(get(client, working.uri()).body()).isEqualTo("third");
            ApplianceRoute route = new ApplianceRoute(client,
                    List.of(refusing, URI.create("https://localhost:" + hung.getLocalPort()), working.uri()));
            long t0 = System.nanoTime();
            ApplianceRoute.Answer answer = route.call(base -> new Request.Builder().url(base.resolve("/x")).build(), true);
            Duration failover = Duration.ofNanos(System.nanoTime() - t0);
            assertThat(answer.body()).isEqualTo("third");
            System.out.printf("failover past a refusing and a hung appliance to the third: %d ms (ReadTimeout %d ms,"
                    + " ConnectTimeout %d ms, WriteTimeout %d ms)%n", failover.toMillis(), ssl.readTimeout().toMillis(),
                    ssl.connectTimeout().toMillis(), ssl.writeTimeout().toMillis());
            assertThat(failover).isGreaterThanOrEqualTo(ssl.readTimeout().minusMillis(50))
                    .isLessThan(ssl.readTimeout().plusSeconds(3));
        }
    }

    @Test
    void aNonIdempotentCallIsNotResentAfterItMayHaveArrived(TlsMaterial tls) throws Exception {
        try (TestHttpsServer failing = new TestHttpsServer(tls.server(Kind.VALID).serverSslContext(), null,
                        exchange -> exchange.getResponseBody().close());
                TestHttpsServer working = new TestHttpsServer(tls.server(Kind.VALID).serverSslContext(), null,
                        TestHttpsServer.answering(200, "second"))) {
            ApplianceRoute route = new ApplianceRoute(client(tls), List.of(failing.uri(), working.uri()));
            assertThatThrownBy(() -> route.call(base -> new Request.Builder().url(base.resolve("/enroll"))
                    .post(okhttp3.RequestBody.create(new byte[0])).build(), false))
                    .isInstanceOf(ApplianceException.class);
        }
    }

    @Test
    void aHugeAnswerIsRefusedNotRead(TlsMaterial tls) throws Exception {
        try (TestHttpsServer huge = new TestHttpsServer(tls.server(Kind.VALID).serverSslContext(), null, exchange -> {
            exchange.sendResponseHeaders(200, 50L * 1024 * 1024);
            try (OutputStream out = exchange.getResponseBody()) {
                byte[] chunk = new byte[64 * 1024];
                for (int i = 0; i < 50 * 16; i++) {
                    out.write(chunk);
                }
            } catch (IOException clientGaveUp) {
                // expected: the client stops reading at the cap
            }
        })) {
            assertThatThrownBy(() -> get(client(tls), huge.uri())).hasMessageContaining("answer larger than 1048576 bytes");
        }
    }

    @Test
    void anAnswerTrickledAByteAtATimeIsCutOffByTheCallBound(TlsMaterial tls) throws Exception {
        try (TestHttpsServer trickle = new TestHttpsServer(tls.server(Kind.VALID).serverSslContext(), null, exchange -> {
            exchange.sendResponseHeaders(200, 100);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 100; i++) {
                    out.write('x');
                    out.flush();
                    Thread.sleep(400); // each byte within ReadTimeout, the whole far beyond the call bound
                }
            } catch (IOException | InterruptedException clientGaveUp) {
                // expected
            }
        })) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> get(client(tls), trickle.uri())).isInstanceOf(ApplianceException.class)
                    .hasMessageContaining("timed out");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("bounded by connect+write+read = 3 s")
                    .isLessThan(Duration.ofSeconds(20));
        }
    }

    /** An appliance that accepts TCP and never sends a TLS byte back: the connections are held until the test ends. */
    private static void acceptAndNeverAnswer(ServerSocket hung) {
        List<Socket> held = new ArrayList<>();
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    held.add(hung.accept());
                }
            } catch (IOException closed) {
                // the test is over
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
    }
}
