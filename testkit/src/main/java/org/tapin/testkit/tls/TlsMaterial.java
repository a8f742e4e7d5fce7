package org.tapin.testkit.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.tapin.testkit.RepoRoot;

/**
 * A handle over a folder that {@code tools/tls-material} filled: a trusted test CA in an endpoint-shaped
 * CA folder, and one server identity per {@link Kind}, each valid or broken in exactly one way.
 */
public final class TlsMaterial {
    /** The script's own limit is well under a second; this only stops a wedged openssl from hanging a build. */
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    /** The server identities, each failing verification for one reason (or, for VALID, for none). */
    public enum Kind {
        /** Signed by the test CA, valid now, for localhost, 127.0.0.1, ::1 and any extra host. */
        VALID("valid"),
        /** Like VALID, but valid only in the past. */
        EXPIRED("expired"),
        /** Like VALID, but valid only in the future. */
        NOT_YET_VALID("not-yet-valid"),
        /** Signed by the test CA and valid now, but only for {@code wrong.example}. */
        WRONG_HOST("wrong-host"),
        /** Valid now for the right hosts, but signed by a second CA that no trust folder holds. */
        UNTRUSTED_CA("untrusted-ca"),
        /** Valid now for the right hosts, but signed by its own key. */
        SELF_SIGNED("self-signed");

        private final String fileStem;

        Kind(String fileStem) {
            this.fileStem = fileStem;
        }

        /** The name the script gives this kind's files: {@code servers/STEM.crt}, {@code .key}, {@code .p12}. */
        public String fileStem() {
            return fileStem;
        }
    }

    private final Path directory;
    private final String pkcs12Password;

    private TlsMaterial(Path directory, String pkcs12Password) {
        this.directory = directory;
        this.pkcs12Password = pkcs12Password;
    }

    /**
     * Runs {@code tools/tls-material} into {@code outDir} (reusing an up-to-date set there) and opens it.
     *
     * @param extraHosts DNS names or IP addresses the VALID identity must also cover
     */
    public static TlsMaterial generate(Path outDir, String... extraHosts) {
        List<String> command = new ArrayList<>();
        command.add(RepoRoot.tool("tls-material").toString());
        command.add(outDir.toString());
        for (String host : extraHosts) {
            command.add("--host");
            command.add(host);
        }
        ToolRun.Result result = ToolRun.run(DEADLINE, command);
        if (!result.succeeded()) {
            throw new IllegalStateException(
                    "tools/tls-material failed with exit code " + result.exitCode() + ":\n" + result.output().strip());
        }
        return open(outDir);
    }

    /** Opens a folder the script filled earlier, checking that every file is there. */
    public static TlsMaterial open(Path directory) {
        Path dir = directory.toAbsolutePath().normalize();
        Path passwordFile = dir.resolve("p12-password");
        String password;
        try {
            password = Files.readString(passwordFile, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("not TLS material from tools/tls-material (no readable " + passwordFile + ")", e);
        }
        TlsMaterial material = new TlsMaterial(dir, password);
        List<Path> expected = new ArrayList<>(List.of(material.caPem(), material.caDer(), material.caBundle()));
        for (Kind kind : Kind.values()) {
            ServerFiles server = material.server(kind);
            expected.addAll(List.of(server.certificateChain(), server.privateKey(), server.pkcs12()));
        }
        for (Path file : expected) {
            if (!Files.isRegularFile(file)) {
                throw new IllegalStateException("incomplete TLS material in " + dir + ": " + file + " is missing");
            }
        }
        return material;
    }

    /** The folder the script wrote into. */
    public Path directory() {
        return directory;
    }

    /** Shaped like the endpoint's CA folder: {@code ca.crt}, {@code ca.cer} and {@code bundle.crt}. */
    public Path caFolder() {
        return directory.resolve("ca-certs");
    }

    /** The test CA, PEM. */
    public Path caPem() {
        return caFolder().resolve("ca.crt");
    }

    /** The test CA, DER. */
    public Path caDer() {
        return caFolder().resolve("ca.cer");
    }

    /**
     * Two CAs in one PEM file, the test CA second: trusting this file makes VALID trusted only if a
     * loader reads every certificate in a file, not just the first.
     */
    public Path caBundle() {
        return caFolder().resolve("bundle.crt");
    }

    public ServerFiles server(Kind kind) {
        Path servers = directory.resolve("servers");
        String stem = kind.fileStem();
        return new ServerFiles(kind, servers.resolve(stem + ".crt"), servers.resolve(stem + ".key"),
                servers.resolve(stem + ".p12"), pkcs12Password);
    }

    /** A TLS client context trusting the test CA and nothing else. */
    public SSLContext sslContextTrustingCa() {
        return CaTrust.sslContext(caPem());
    }

    @Override
    public String toString() {
        return "TlsMaterial[" + directory + "]";
    }
}
