package org.tapin.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tapin.bootstrap.fetch.CaFolderTrust;
import org.tapin.bootstrap.fetch.Download;
import org.tapin.bootstrap.pkg.KeyFiles;
import org.tapin.bootstrap.pkg.PackageBuilder;
import org.tapin.bootstrap.pkg.Refused;
import org.tapin.bootstrap.pkg.Requirements;
import org.tapin.bootstrap.pkg.Version;
import org.tapin.bootstrap.run.TinyAgent;

/**
 * Packages over real TLS: the JDK's HTTPS server with a certificate made by keytool, trusted only through the
 * CA folder, as an appliance would serve them.
 */
class HttpsPackageTest {
    @TempDir
    static Path shared;
    static Path keystore;
    static Path caFolder;

    @TempDir
    Path dir;
    HttpsServer server;
    Path pkg;
    String base;

    /** keytool is a JVM start per call: the server's certificate is made once for the class. */
    @BeforeAll
    static void certificate() throws Exception {
        keystore = shared.resolve("server.p12");
        caFolder = Files.createDirectories(shared.resolve("ca-certs"));
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                "CN=localhost", "-ext", "SAN=dns:localhost", "-validity", "2", "-keystore", keystore.toString(),
                "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit");
        keytool("-exportcert", "-rfc", "-alias", "server", "-keystore", keystore.toString(), "-storepass",
                "changeit", "-file", caFolder.resolve("appliance.crt").toString());
    }

    @BeforeEach
    void setUp() throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(keystore.toFile())) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);

        Files.createDirectories(dir.resolve("keys"));
        KeyFiles.generate(dir.resolve("signing.key"), dir.resolve("keys/site.pub"));
        pkg = dir.resolve("agent.pkg");

        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/agent.pkg", ex -> {
            byte[] body = Files.readAllBytes(pkg);
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        server.createContext("/endless", ex -> {
            ex.sendResponseHeaders(200, 0);
            byte[] chunk = new byte[64 * 1024];
            try (OutputStream out = ex.getResponseBody()) {
                while (true) {
                    out.write(chunk);
                }
            } catch (IOException e) {
                // the client stopped reading: that is the point
            }
        });
        server.start();
        base = "https://localhost:" + server.getAddress().getPort();
    }

    @AfterEach
    void tearDown() {
        server.stop(0);
    }

    private static void keytool(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }

    private record Run(int exit, String out, String err) {}

    private Run loader(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Path config = dir.resolve("Imprivata.conf");
        try {
            Files.writeString(config, "[agent]\ndata-dir = " + dir.resolve("data") + "\n");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        List<String> all = new java.util.ArrayList<>(List.of("--config", config.toString(),
                "--home", dir.resolve("slots").toString(), "--keys", dir.resolve("keys").toString()));
        all.addAll(List.of(args));
        int exit = new Main(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(all.toArray(String[]::new));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private void buildPackage() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("agent"));
        TinyAgent.writeAgent(folder, "1.1", TinyAgent.Behaviour.GOOD, false);
        PackageBuilder.build(folder, KeyFiles.readPrivate(dir.resolve("signing.key")), Version.parse("1.1"),
                Instant.now().plus(Duration.ofDays(1)), new Requirements(List.of("any"), 17, 99, 1), TinyAgent.MAIN,
                pkg);
    }

    @Test
    void packageServedOverHttpsByAServerTheCaFolderTrustsIsInstalled() throws Exception {
        buildPackage();
        Run install = loader("install", base + "/agent.pkg", "--ca-certs", caFolder.toString());

        assertThat(install.exit()).as(install.err()).isZero();
        assertThat(install.err()).contains("INFO: Version 1.1 verified, passed its self-test and was installed in "
                + "slot a: switching to it on probation");
        assertThat(loader("--status").out()).contains("slot a: 1.1, current, on probation (3 tries left)");
        assertThat(dir.resolve("slots/download.pkg")).doesNotExist();
    }

    @Test
    void serverTheCaFolderDoesNotVouchForIsRefused() throws Exception {
        buildPackage();
        Path otherCa = Files.createDirectories(dir.resolve("other-ca"));
        keytool("-genkeypair", "-alias", "x", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-validity", "2", "-keystore", dir.resolve("other.p12").toString(), "-storetype", "PKCS12",
                "-storepass", "changeit", "-keypass", "changeit");
        keytool("-exportcert", "-rfc", "-alias", "x", "-keystore", dir.resolve("other.p12").toString(),
                "-storepass", "changeit", "-file", otherCa.resolve("other.crt").toString());

        Run install = loader("install", base + "/agent.pkg", "--ca-certs", otherCa.toString());

        assertThat(install.exit()).isEqualTo(1);
        assertThat(install.err()).contains("ERROR: Package " + base + "/agent.pkg not installed: "
                + "javax.net.ssl.SSLHandshakeException");
        assertThat(loader("--status").out()).contains("slot a: empty");
    }

    @Test
    void endlessDownloadStopsAtTheCap() throws Exception {
        Download download = new Download(CaFolderTrust.context(caFolder), Duration.ofSeconds(10));
        Path target = dir.resolve("endless.pkg");

        assertThatThrownBy(() -> download.fetch(URI.create(base + "/endless"), target, 1024 * 1024))
                .isInstanceOf(Refused.class)
                .hasMessage("download of " + base + "/endless exceeds 1048576 bytes: stopped");
        assertThat(Files.size(target)).isLessThanOrEqualTo(1024 * 1024);
    }

    @Test
    void aDownloadOfExactlyTheCapArrivesAndOneByteOverIsRefused() throws Exception {
        byte[] body = new byte[200_000];
        new java.util.Random(7).nextBytes(body);
        Files.write(pkg, body);
        Download download = new Download(CaFolderTrust.context(caFolder), Duration.ofSeconds(10));

        Path fits = dir.resolve("fits.pkg");
        download.fetch(URI.create(base + "/agent.pkg"), fits, body.length);
        assertThat(Files.readAllBytes(fits)).isEqualTo(body);

        Path over = dir.resolve("over.pkg");
        assertThatThrownBy(() -> download.fetch(URI.create(base + "/agent.pkg"), over, body.length - 1))
                .isInstanceOf(Refused.class).hasMessageEndingWith("exceeds " + (body.length - 1) + " bytes: stopped");
        assertThat(Files.size(over)).isLessThan(body.length);
    }

    @Test
    void anAnswerOtherThan200WritesNothing() throws Exception {
        Download download = new Download(CaFolderTrust.context(caFolder), Duration.ofSeconds(10));
        Path target = dir.resolve("missing.pkg");

        assertThatThrownBy(() -> download.fetch(URI.create(base + "/missing.pkg"), target, 1024))
                .isInstanceOf(Refused.class).hasMessageEndingWith("answered HTTP 404");
        assertThat(target).doesNotExist();
    }

    @Test
    void plainHttpIsNotAskedAtAll() throws Exception {
        Download download = new Download(CaFolderTrust.context(caFolder), Duration.ofSeconds(10));

        assertThatThrownBy(() -> download.fetch(URI.create("http://localhost:1/agent.pkg"), dir.resolve("x"), 10))
                .hasMessage("package address http://localhost:1/agent.pkg is not https");
    }
}
