package org.tapin.e2e.appliance;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.tapin.testkit.FreePorts;
import org.tapin.testkit.RepoRoot;
import org.tapin.testkit.tls.ServerFiles;
import org.tapin.testkit.tls.TlsMaterial;

/**
 * The real reference appliance as a separate process ({@code java -jar appliance/target/tapin-appliance.jar
 * serve}), with one config file in a temporary folder, the generated VALID certificate and its own store; and
 * the admin command ({@code tools/appliance admin}) on the same config, as an admin would run it. In the main
 * source set, beside the benchmarks that run it too; a failure is an {@link IllegalStateException} saying what.
 */
public final class ApplianceProcess implements AutoCloseable {

    public record Run(int exit, String out, String err) {}

    private final Path dir;
    private final Path config;
    private final List<String> baseConfig;
    private final int port;
    private final TlsMaterial tls;
    private Process process;
    private int starts;

    public ApplianceProcess(Path dir, TlsMaterial tls) throws IOException {
        this.dir = dir;
        this.tls = tls;
        this.port = FreePorts.loopback();
        ServerFiles valid = tls.server(TlsMaterial.Kind.VALID);
        this.config = dir.resolve("appliance.conf");
        this.baseConfig = List.of(
                "listen.host = 127.0.0.1",
                "listen.port = " + port,
                "tls.certificate = " + valid.certificateChain(),
                "tls.key = " + valid.privateKey(),
                "store.path = store/appliance.db",
                "lockout.max-failures = 5",
                // The default 600,000 is for real sites; the tests check hashing elsewhere and want speed here.
                "password.iterations = 20000");
        configure();
    }

    /**
     * Rewrites the config: the base settings plus {@code lines} (a directory, RADIUS, ...). A running server
     * reads it at its next {@link #start()}; {@link #admin} commands at once.
     */
    public ApplianceProcess configure(String... lines) throws IOException {
        List<String> all = new ArrayList<>(baseConfig);
        all.addAll(List.of(lines));
        Files.writeString(config, String.join("\n", all) + "\n");
        return this;
    }

    /** The folder of its config, logs ({@code appliance-N.log}, one per start) and store ({@code store/}). */
    public Path directory() {
        return dir;
    }

    public URI uri() {
        return URI.create("https://localhost:" + port);
    }

    Path config() {
        return config;
    }

    /** The log of the latest start (its output and error), {@code appliance-N.log} in {@link #directory()}. */
    public Path log() {
        return dir.resolve("appliance-" + starts + ".log");
    }

    /** Starts the server and waits until it answers {@code /v1/health} over TLS. */
    public ApplianceProcess start() throws Exception {
        starts++;
        Path log = log();
        List<String> command = new ArrayList<>(List.of("java"));
        command.addAll(javaOptions());
        command.addAll(List.of("-jar", jar().toString(), "serve", "--config", config.toString()));
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        process.getOutputStream().close();
        HttpClient http = HttpClient.newBuilder().sslContext(tls.sslContextTrustingCa()).connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the appliance exited early:\n" + Files.readString(log));
            }
            try {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(uri().resolve("/v1/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    return this;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the appliance did not answer within 60 s:\n" + Files.readString(log));
    }

    /** The running server's process id, for {@code /proc}. */
    public long pid() {
        if (process == null) {
            throw new IllegalStateException("the appliance is not running");
        }
        return process.pid();
    }

    /**
     * JVM options for the server from {@code $TAPIN_APPLIANCE_JAVA_OPTS}, as {@code tools/appliance serve} takes them,
     * so that a benchmark can compare flags.
     */
    public static List<String> javaOptions() {
        String opts = System.getenv().getOrDefault("TAPIN_APPLIANCE_JAVA_OPTS", "").trim();
        return opts.isEmpty() ? List.of() : List.of(opts.split("\\s+"));
    }

    /** Kills the server the hard way (SIGKILL): no shutdown hook, a crash as far as the store can tell. */
    public void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the appliance outlived SIGKILL by 30 s");
            }
            process = null;
        }
    }

    /** Runs {@code tools/appliance admin --config CONFIG ARGS...} with {@code stdin} as its standard input. */
    public Run admin(String stdin, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(RepoRoot.tool("appliance").toString(), "admin", "--config", config.toString()));
        command.addAll(List.of(args));
        Process admin = new ProcessBuilder(command).start();
        // Read on the side: a listing larger than a pipe holds must not block the command's exit.
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(admin.getInputStream()));
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(admin.getErrorStream()));
        try (OutputStream in = admin.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        if (!admin.waitFor(60, TimeUnit.SECONDS)) {
            admin.destroyForcibly();
            throw new IllegalStateException("appliance admin " + String.join(" ", args) + " did not finish within 60 s");
        }
        return new Run(admin.exitValue(), new String(out.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8),
                new String(err.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8));
    }

    public Run adminOk(String stdin, String... args) throws Exception {
        Run run = admin(stdin, args);
        if (run.exit() != 0) {
            throw new IllegalStateException("appliance admin " + String.join(" ", args) + " exited " + run.exit() + ": " + run.err());
        }
        return run;
    }

    private static byte[] readAll(java.io.InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** This tree's build, or {@code $TAPIN_APPLIANCE_JAR} (another build of it, the "before" of a comparison). */
    private static Path jar() {
        String other = System.getenv("TAPIN_APPLIANCE_JAR");
        Path jar = other != null && !other.isBlank() ? Path.of(other) : RepoRoot.path().resolve("appliance/target/tapin-appliance.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build the appliance module first (mvn package)");
        }
        return jar;
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            process = null;
        }
    }
}
