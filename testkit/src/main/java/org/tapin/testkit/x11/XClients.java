package org.tapin.testkit.x11;

import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Opens real X clients on one server and returns once each has a viewable top-level window, so a test can
 * screenshot, query or cover it. {@link #close()} closes every client still open; stopping the server ends any
 * that are left anyway.
 */
public final class XClients implements AutoCloseable {
    private static final Duration MAP_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration GONE_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);
    private static final long POLL_MS = 20;

    private final XServer server;
    private final List<XClient> open = new CopyOnWriteArrayList<>();
    private final AtomicInteger sequence = new AtomicInteger();

    public XClients(XServer server) {
        this.server = server;
    }

    /** An xterm with the given WM_CLASS, title, background and command; found by its {@code _NET_WM_PID}. */
    public XClient xterm(XTerm spec) {
        List<String> command = new ArrayList<>(List.of("xterm", "-name", spec.instanceName(), "-class", spec.className(),
                "-T", spec.title(), "-bg", Colours.hex(spec.background())));
        if (spec.geometry() != null) {
            command.addAll(List.of("-geometry", spec.geometry()));
        }
        command.addAll(spec.options());
        if (!spec.command().isEmpty()) {
            command.add("-e");
            command.addAll(spec.command());
        }
        Launched xterm = launch("xterm", command, null);
        return track(new XClient("xterm " + spec.className(), awaitWindow(xterm, byPid(xterm)), xterm.process(),
                this::endProcess));
    }

    /**
     * An xmessage (WM_CLASS "xmessage", "Xmessage") in the given colours. xmessage sets no {@code _NET_WM_PID},
     * so its window is the new viewable Xmessage window: open xmessages on one server one at a time.
     */
    public synchronized XClient xmessage(String text, Color foreground, Color background) {
        Set<Long> before = new HashSet<>(visibleWithClass("Xmessage"));
        // The text goes through stdin so that text starting with "-" is not taken for an option.
        Launched xmessage = launch("xmessage", List.of("xmessage", "-fg", Colours.hex(foreground),
                "-bg", Colours.hex(background), "-file", "-"), text);
        return track(new XClient("xmessage", awaitWindow(xmessage, newWithClass("Xmessage", before)),
                xmessage.process(), this::endProcess));
    }

    /** A {@code zenity --info} dialog (WM_CLASS "zenity", "Zenity"). */
    public XClient zenityInfo(String text) {
        Launched zenity = launch("zenity", List.of("zenity", "--info", "--text=" + text), null);
        return track(new XClient("zenity", awaitWindow(zenity, byPid(zenity)), zenity.process(), this::endProcess));
    }

    /**
     * A notification sent with {@code notify-send} and shown by xfce4-notifyd (WM_CLASS "xfce4-notifyd",
     * "Xfce4-notifyd"); it stays until closed. Needs a server started with notifications.
     */
    public synchronized XClient notification(String summary, String body) {
        if (!server.options().notifications()) {
            throw new IllegalStateException("this X server runs no notification daemon: start it with "
                    + "XServerExtension...withNotifications() or XServerOptions.withNotifications()");
        }
        Set<Long> before = new HashSet<>(visibleWithClass("Xfce4-notifyd"));
        // Expiry 0 means never, so the test decides when it goes; "--" keeps a leading "-" in the text literal.
        String id = Commands.run(server.command("notify-send", "--print-id", "--expire-time=0", "--", summary, body),
                COMMAND_TIMEOUT).orThrow().out();
        if (!id.matches("\\d+")) {
            throw new IllegalStateException("notify-send printed no notification id but '" + id + "'");
        }
        long window = awaitWindow(null, newWithClass("Xfce4-notifyd", before));
        return track(new XClient("notification " + id, window, null, client -> {
            Commands.run(server.command("dbus-send", "--session", "--type=method_call", "--print-reply",
                    "--dest=org.freedesktop.Notifications", "/org/freedesktop/Notifications",
                    "org.freedesktop.Notifications.CloseNotification", "uint32:" + id), COMMAND_TIMEOUT).orThrow();
            awaitGone(client);
        }));
    }

    /** Closes every client still open; reports the first failure after trying them all. */
    @Override
    public void close() {
        RuntimeException first = null;
        for (XClient client : open) {
            try {
                client.close();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        open.clear();
        if (first != null) {
            throw first;
        }
    }

    private XClient track(XClient client) {
        open.add(client);
        return client;
    }

    /** A started client and the file that collects its output, for the error message if it fails. */
    private record Launched(String name, Process process, Path log) {
        String output() {
            try {
                String text = Files.readString(log).strip();
                return text.isEmpty() ? "" : "; its output:\n" + text;
            } catch (IOException e) {
                return "";
            }
        }
    }

    private Launched launch(String name, List<String> command, String stdin) {
        Path log = server.stateDir().resolve("clients").resolve(name + "-" + sequence.incrementAndGet() + ".log");
        try {
            Files.createDirectories(log.getParent());
            Process process = server.command(command.toArray(String[]::new))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            try (OutputStream in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            return new Launched(name, process, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + String.join(" ", command), e);
        }
    }

    /** Finds windows, or none yet. */
    private interface WindowFinder {
        List<Long> find();
    }

    private WindowFinder byPid(Launched launched) {
        return () -> xdotoolSearch("--pid", Long.toString(launched.process().pid()));
    }

    private WindowFinder newWithClass(String className, Set<Long> before) {
        return () -> visibleWithClass(className).stream().filter(w -> !before.contains(w)).toList();
    }

    private List<Long> visibleWithClass(String className) {
        return xdotoolSearch("--class", "^" + className + "$");
    }

    /** {@code xdotool search --onlyvisible}: viewable windows, so mapped by the window manager if there is one. */
    private List<Long> xdotoolSearch(String... criteria) {
        List<String> command = new ArrayList<>(List.of("xdotool", "search", "--onlyvisible"));
        command.addAll(List.of(criteria));
        Commands.Result result = Commands.run(server.command(command.toArray(String[]::new)), COMMAND_TIMEOUT);
        if (!result.ok() && !result.stderr().isBlank()) {
            result.orThrow(); // exit 1 with no message only means "nothing found"
        }
        return result.out().lines().filter(l -> !l.isBlank()).map(Long::parseLong).toList();
    }

    /** Polls for the window; fails fast, with the client's output, if the client exits first. */
    private long awaitWindow(Launched launched, WindowFinder finder) {
        String what = launched == null ? "the notification" : launched.name();
        Process process = launched == null ? null : launched.process();
        long deadline = System.nanoTime() + MAP_TIMEOUT.toNanos();
        while (true) {
            List<Long> windows = finder.find();
            if (!windows.isEmpty()) {
                return windows.get(0);
            }
            if (process != null && !process.isAlive()) {
                throw new IllegalStateException(what + " exited with code " + process.exitValue()
                        + " before its window appeared" + launched.output());
            }
            if (System.nanoTime() > deadline) {
                if (process != null) {
                    process.destroyForcibly();
                }
                throw new IllegalStateException(what + " showed no window within " + MAP_TIMEOUT
                        + (launched != null ? launched.output() : ""));
            }
            sleep(POLL_MS);
        }
    }

    private void endProcess(XClient client) {
        Process process = client.process().orElseThrow();
        if (!process.isAlive()) {
            // Ended already (a tap over closes a session's windows): its window went with its connection, and the
            // server may have given the same window id to a newer client since, so there is nothing to wait for.
            open.remove(client);
            return;
        }
        // xterm's shell or command first: it would survive its terminal for a moment and hold files open.
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while closing " + client, e);
        }
        awaitGone(client);
        open.remove(client);
    }

    /** Until the window is destroyed or unmapped: the server does that a moment after its client disconnects. */
    private void awaitGone(XClient client) {
        long deadline = System.nanoTime() + GONE_TIMEOUT.toNanos();
        while (true) {
            Commands.Result info = Commands.run(server.command("xwininfo", "-id", client.windowHex()), COMMAND_TIMEOUT);
            if (!info.ok() || !info.out().contains("Map State: IsViewable")) {
                open.remove(client);
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(client + " is still viewable " + GONE_TIMEOUT + " after closing it");
            }
            sleep(POLL_MS);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for an X window", e);
        }
    }
}
