package org.tapin.testkit.x11;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.tapin.testkit.RepoRoot;

/**
 * A running X server of its own (Xvfb, a private session bus, optionally a window manager and notification
 * daemon), started by {@code tools/xserver}. Every process started through {@link #command} belongs to this server
 * and ends when it {@link #close() closes}, even if the test forgot it; if this JVM dies, a watchdog stops it.
 */
public final class XServer implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(20);

    private final XServerOptions options;
    private final Path stateDir;
    private final String display;
    private final Map<String, String> env;
    private boolean closed;

    private XServer(XServerOptions options, Path stateDir, String display, Map<String, String> env) {
        this.options = options;
        this.stateDir = stateDir;
        this.display = display;
        this.env = env;
    }

    /** Starts a server and returns once it and its window manager are ready; fails with the logs if it cannot. */
    public static XServer start(XServerOptions options) {
        Path stateDir;
        try {
            stateDir = Files.createTempDirectory("tapin-x11-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a folder for the X server", e);
        }
        List<String> command = new ArrayList<>(List.of(
                RepoRoot.tool("xserver").toString(), "start", stateDir.toString(),
                "--wm", options.windowManager().option(),
                "--size", options.width() + "x" + options.height() + "x24",
                "--monitors", Integer.toString(options.monitors()),
                "--owner", Long.toString(ProcessHandle.current().pid())));
        if (options.notifications()) {
            command.add("--notifyd");
        }
        Commands.Result result;
        try {
            result = Commands.run(new ProcessBuilder(command), START_TIMEOUT);
        } catch (RuntimeException e) {
            stopQuietly(stateDir);
            throw e;
        }
        if (!result.ok()) {
            // The script has already stopped what it started; its stderr names the cause and the log lines.
            deleteTree(stateDir);
            throw new IllegalStateException("cannot start an X server (" + options + "):\n" + result.stderr().strip());
        }
        Map<String, String> env;
        try {
            env = readEnv(stateDir.resolve("env"));
        } catch (RuntimeException e) {
            stopQuietly(stateDir);
            throw e;
        }
        XServer server = new XServer(options, stateDir, result.out(), env);
        Backstop.register(server);
        return server;
    }

    /** The display name, such as {@code :57}. */
    public String display() {
        return display;
    }

    public XServerOptions options() {
        return options;
    }

    /**
     * What a client of this server needs in its environment: {@code DISPLAY}, the private
     * {@code DBUS_SESSION_BUS_ADDRESS}, private XDG folders and the marker that ties a process to this server.
     */
    public Map<String, String> env() {
        return env;
    }

    /** Logs ({@code xvfb.log}, {@code wm.log}, ...) and pid files of this server; deleted by {@link #close()}. */
    public Path stateDir() {
        return stateDir;
    }

    /** A process builder for a client of this server: the caller's environment plus {@link #env()}. */
    public ProcessBuilder command(String... command) {
        ProcessBuilder builder = new ProcessBuilder(command);
        // A Wayland session variable inherited from a developer's desktop would send GTK clients there.
        builder.environment().remove("WAYLAND_DISPLAY");
        builder.environment().putAll(env);
        return builder;
    }

    /** Runs a short command (xprop, xdotool, xwininfo...) against this server and returns its trimmed stdout. */
    public String run(String... command) {
        return Commands.run(command(command), RUN_TIMEOUT).orThrow().out();
    }

    /** The whole root window as it is on screen now. */
    public BufferedImage screenshot() {
        // xwd walks the root's children for colormaps: a window destroyed meanwhile (a killed client) fails it
        // with BadWindow. That says nothing about the screen, so it is taken again.
        for (int attempt = 1; ; attempt++) {
            var result = Commands.run(command("xwd", "-root", "-silent"), RUN_TIMEOUT);
            if (result.exitCode() == 0 || attempt == 3 || !result.stderr().contains("BadWindow")) {
                return XwdImage.decode(result.orThrow().stdout());
            }
        }
    }

    /** Writes the root window as a PNG file and returns the file. */
    public Path screenshot(Path png) {
        try {
            Path parent = png.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            if (!ImageIO.write(screenshot(), "png", png.toFile())) {
                throw new IllegalStateException("no PNG writer in this JVM");
            }
            return png;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the screenshot " + png, e);
        }
    }

    /** Stops the server and every process of it, then deletes {@link #stateDir()}. Calling it again does nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        Backstop.unregister(this);
        Commands.Result result = Commands.run(
                new ProcessBuilder(RepoRoot.tool("xserver").toString(), "stop", stateDir.toString()), STOP_TIMEOUT);
        if (!result.ok()) {
            throw new IllegalStateException("cannot stop the X server " + display + " (" + stateDir + "):\n"
                    + result.stderr().strip());
        }
        deleteTree(stateDir);
    }

    @Override
    public String toString() {
        return "XServer" + display + " " + options;
    }

    private static void stopQuietly(Path stateDir) {
        try {
            Commands.run(new ProcessBuilder(RepoRoot.tool("xserver").toString(), "stop", stateDir.toString()), STOP_TIMEOUT);
            deleteTree(stateDir);
        } catch (RuntimeException ignored) {
            // Already failing: the first error is the one to report; the watchdog ends what is left.
        }
    }

    private static Map<String, String> readEnv(Path file) {
        try {
            Map<String, String> env = new LinkedHashMap<>();
            for (String line : Files.readAllLines(file)) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    env.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
            if (!env.containsKey("DISPLAY")) {
                throw new IllegalStateException(file + " names no DISPLAY");
            }
            return Map.copyOf(env);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }

    /** Closes servers a test left open when the JVM exits normally; the script's watchdog covers a killed JVM. */
    private static final class Backstop {
        private static final Set<XServer> LIVE = ConcurrentHashMap.newKeySet();

        static {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                for (XServer server : LIVE.toArray(XServer[]::new)) {
                    try {
                        server.close();
                    } catch (RuntimeException e) {
                        System.err.println("tapin testkit: " + e.getMessage());
                    }
                }
            }, "x11-backstop"));
        }

        static void register(XServer server) {
            LIVE.add(server);
        }

        static void unregister(XServer server) {
            LIVE.remove(server);
        }
    }
}
