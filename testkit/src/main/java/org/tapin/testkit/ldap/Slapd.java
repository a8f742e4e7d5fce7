package org.tapin.testkit.ldap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.tapin.testkit.RepoRoot;

/**
 * One private slapd that {@code tools/slapd} runs: ppolicy with lockout, {@code ldap://} (StartTLS) and
 * {@code ldaps://} on loopback ports of its own. Stop, crash, hang and restart it to see what a client does.
 */
public final class Slapd implements AutoCloseable {

    private final Path dir;
    private final Map<String, String> printed;

    private Slapd(Path dir, Map<String, String> printed) {
        this.dir = dir;
        this.printed = printed;
    }

    /**
     * Starts a new instance in {@code dir} serving {@code tlsDir}'s {@code servers/CERT.crt}, with the default
     * password policy locking after {@code maxFailures} wrong passwords for {@code lockoutSeconds}, and the
     * entries of {@code ldifs} loaded.
     */
    public static Slapd start(Path dir, Path tlsDir, String cert, int maxFailures, int lockoutSeconds, List<Path> ldifs) {
        List<String> args = new ArrayList<>(List.of("start", dir.toString(), "--tls", tlsDir.toString(), "--cert", cert,
                "--max-failures", Integer.toString(maxFailures), "--lockout-seconds", Integer.toString(lockoutSeconds),
                "--owner", Long.toString(ProcessHandle.current().pid())));
        for (Path ldif : ldifs) {
            args.add("--ldif");
            args.add(ldif.toString());
        }
        return new Slapd(dir, parse(run(args)));
    }

    /** {@code ldap://127.0.0.1:PORT}: StartTLS is required by the appliance on this one. */
    public String ldapUrl() {
        return printed.get("ldap");
    }

    public String ldapsUrl() {
        return printed.get("ldaps");
    }

    public String suffix() {
        return printed.get("suffix");
    }

    public String rootDn() {
        return printed.get("rootdn");
    }

    /** The file holding the root password (first line), for {@code ldapmodify -y}. */
    public Path rootPasswordFile() {
        return Path.of(printed.get("rootpw-file"));
    }

    public Path directory() {
        return dir;
    }

    /** Clean stop (SIGTERM); {@link #restart()} brings it back with the same data and ports. */
    public void stop() {
        run(List.of("stop", dir.toString()));
    }

    /** SIGKILL: the ports refuse connections at once, like a crashed server. */
    public void kill() {
        run(List.of("kill", dir.toString()));
    }

    /** SIGSTOP: connections are accepted by the kernel but never answered, like a hung server. */
    public void pause() {
        run(List.of("pause", dir.toString()));
    }

    public void resume() {
        run(List.of("resume", dir.toString()));
    }

    public void restart() {
        run(List.of("start", dir.toString(), "--owner", Long.toString(ProcessHandle.current().pid())));
    }

    @Override
    public void close() {
        stop();
    }

    private static Map<String, String> parse(String output) {
        Map<String, String> values = new HashMap<>();
        for (String line : output.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                values.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
            }
        }
        if (!values.containsKey("ldap") || !values.containsKey("ldaps")) {
            throw new IllegalStateException("tools/slapd printed no URLs:\n" + output);
        }
        return values;
    }

    private static String run(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(RepoRoot.tool("slapd").toString());
        command.addAll(args);
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("tools/slapd " + args.get(0) + " did not finish within 60 s");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("tools/slapd " + String.join(" ", args) + " failed (" + p.exitValue() + "):\n" + out.strip());
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run tools/slapd", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running tools/slapd", e);
        }
    }

    /** Writes {@code text} into {@code file} and returns it (an LDIF for {@link #start}). */
    public static Path write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
