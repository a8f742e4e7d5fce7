package org.tapin.testkit.radius;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.tapin.testkit.RepoRoot;

/**
 * A private FreeRADIUS started by {@code tools/radius}: 127.0.0.1 only, a free UDP port, a random client secret
 * in {@link #secretFile()}, Message-Authenticator required. Its users are listed in the script's header
 * ({@link #ACCEPT_USER}, {@link #CHALLENGE_USER}). {@link #close()} stops it and deletes its folder.
 */
public final class FreeRadius implements AutoCloseable {

    public static final String ACCEPT_USER = "bob";
    public static final String ACCEPT_PASSWORD = "bobpw";
    public static final String ACCEPT_REPLY = "Welcome, Bob";
    public static final String CHALLENGE_USER = "carol";
    public static final String CHALLENGE_PASSWORD = "carolpw";
    public static final String CHALLENGE_PROMPT = "Enter the code sent to your phone";
    public static final String CHALLENGE_ANSWER = "424242";

    private final Path state;
    private final int port;
    private final Path secretFile;
    private final long pid;

    private FreeRadius(Path state, int port, Path secretFile, long pid) {
        this.state = state;
        this.port = port;
        this.secretFile = secretFile;
        this.pid = pid;
    }

    public static FreeRadius start() {
        return start(Map.of());
    }

    /** With more PAP users besides the script's own: user name to password (no double quote in either). */
    public static FreeRadius start(Map<String, String> users) {
        Path state;
        try {
            state = Files.createTempDirectory("tapin-radius-");
            StringBuilder file = new StringBuilder();
            users.forEach((name, password) -> {
                if ((name + password).contains("\"") || (name + password).contains("\n")) {
                    throw new IllegalArgumentException("a RADIUS test user or password with a quote or a line break");
                }
                file.append(name).append("\tCleartext-Password := \"").append(password).append("\"\n\n");
            });
            // A file, not arguments: the passwords stay off the command line of tools/radius.
            Files.writeString(state.resolve("users"), file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a folder for freeradius", e);
        }
        Map<String, String> printed = parse(run("start", state));
        try {
            return new FreeRadius(state, Integer.parseInt(printed.get("port")), Path.of(printed.get("secret-file")),
                    Long.parseLong(printed.get("pid")));
        } catch (RuntimeException e) {
            run("stop", state);
            throw new IllegalStateException("tools/radius printed " + printed, e);
        }
    }

    public int port() {
        return port;
    }

    public Path secretFile() {
        return secretFile;
    }

    public long pid() {
        return pid;
    }

    /** The server's log (for a failing test's report); it never holds the secret. */
    public Path log() {
        return state.resolve("radius.log");
    }

    @Override
    public void close() {
        run("stop", state);
        try (Stream<Path> paths = Files.walk(state)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + state, e);
        }
    }

    private static Map<String, String> parse(String output) {
        Map<String, String> values = new TreeMap<>();
        for (String line : output.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                values.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
            }
        }
        return values;
    }

    private static String run(String action, Path state) {
        List<String> command = new ArrayList<>(List.of(RepoRoot.tool("radius").toString(), action, state.toString()));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start tools/radius", e);
        }
        try {
            process.getOutputStream().close();
            CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("tools/radius " + action + " did not finish within 30 s");
            }
            String text = output.get(10, TimeUnit.SECONDS);
            if (process.exitValue() != 0) {
                throw new IllegalStateException("tools/radius " + action + " failed (" + process.exitValue() + "): " + text);
            }
            return text;
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for tools/radius", e);
        } catch (IOException | java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot read the output of tools/radius", e);
        }
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
