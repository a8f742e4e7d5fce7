package org.tapin.agent.daemon;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tapin.agent.overlay.OverlayLink;
import org.tapin.agent.session.SessionEvent;
import org.tapin.agent.session.View;

/**
 * Starts the lock-screen overlay as a process of its own and keeps one running. Each overlay process is one
 * generation: whether it exits, drops its connection or stops answering pings from its UI thread (hung), it is
 * killed and reported once as {@link SessionEvent.UiProcessDied}; the session machine then engages the lock
 * and asks for a new one ({@link #restart()}). The cover stays up the whole time, so nothing shows meanwhile.
 *
 * <p>Nothing secret is ever on the overlay's command line: it learns everything over the socket.
 */
public final class OverlayProcess implements Ports.Overlay, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("Agent.Overlay");
    static final long PING_MILLIS = 2_000;
    /** Three missed pings: a UI thread that busy for that long is hung, or as good as hung to a clinician. */
    static final long HUNG_NANOS = TimeUnit.MILLISECONDS.toNanos(3 * PING_MILLIS);

    private final OverlayCommand command;
    private final String display;
    private final Path logFile;
    private final OverlayLink link;
    private final Consumer<SessionEvent> events;
    private final LongConsumer launched;
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "overlay-watchdog");
        t.setDaemon(true);
        return t;
    });
    private Process process;
    private long generation;
    private long reportedGeneration = -1;
    private volatile boolean closed;

    /**
     * @param command the overlay's command line without the socket ({@code --socket PATH} is appended)
     * @param launched told the pid of each overlay as it starts: the enforcer trusts that process's windows
     *     (the X server's XRes record of the window's owner, which no other client can forge)
     */
    OverlayProcess(OverlayCommand command, String display, Path runFolder, Path logFile, Consumer<SessionEvent> events,
            LongConsumer launched) throws IOException {
        this.command = command;
        this.display = display;
        this.logFile = logFile;
        this.events = events;
        this.launched = launched;
        this.link = new OverlayLink(runFolder, events, this::disconnected);
    }

    public OverlayLink link() {
        return link;
    }

    public synchronized OverlayProcess start() {
        launch();
        // One ping per period: each wakes the overlay's UI thread, so pinging more often than the hang can be
        // told apart would only cost the idle lock screen CPU.
        watchdog.scheduleWithFixedDelay(this::check, PING_MILLIS, PING_MILLIS, TimeUnit.MILLISECONDS);
        return this;
    }

    @Override
    public void show(View view) {
        link.show(view);
    }

    public void visible(boolean visible) {
        link.visible(visible);
    }

    public void fade(double progress) {
        link.fade(progress);
    }

    /** Replaces the overlay: a live one (hung, or still connected) is killed first, without a second report. */
    @Override
    public synchronized void restart() {
        if (closed) {
            return;
        }
        reportedGeneration = generation; // what happens to the old process now is not news
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
        launch();
    }

    public synchronized long pid() {
        return process == null ? 0 : process.pid();
    }

    private void launch() {
        List<String> line = new ArrayList<>(command.line());
        line.add("--socket");
        line.add(link.socket().toString());
        try {
            ProcessBuilder builder = new ProcessBuilder(line).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            builder.environment().putAll(OverlayCommand.ENVIRONMENT);
            builder.environment().put("DISPLAY", display);
            process = builder.start();
            generation++;
            long mine = generation;
            Process started = process;
            LOG.info("lock-screen overlay started (pid {})", started.pid());
            launched.accept(started.pid());
            started.onExit().thenAccept(p -> died(mine, "exit " + p.exitValue()));
        } catch (IOException e) {
            generation++;
            LOG.error("cannot start the lock-screen overlay: {}", e.getMessage());
            report(generation, "cannot start: " + e.getMessage());
        }
    }

    /** Called on the watchdog thread: pings a connected overlay, kills one that stopped answering. */
    private synchronized void check() {
        if (closed || process == null) {
            return;
        }
        if (link.connected()) {
            if (System.nanoTime() - link.lastPongNanos() > HUNG_NANOS && process.isAlive()) {
                LOG.warn("lock-screen overlay (pid {}) stopped answering for {} ms; killing it", process.pid(),
                        TimeUnit.NANOSECONDS.toMillis(HUNG_NANOS));
                process.destroyForcibly();
            } else {
                link.ping();
            }
        }
    }

    private synchronized void disconnected() {
        if (process != null && process.isAlive()) {
            LOG.warn("lock-screen overlay (pid {}) dropped its connection; killing it", process.pid());
            process.destroyForcibly(); // its exit is the one report
        }
    }

    private synchronized void died(long which, String how) {
        if (which == generation) {
            report(which, how);
        }
    }

    private void report(long which, String how) {
        if (closed || reportedGeneration >= which) {
            return;
        }
        reportedGeneration = which;
        LOG.warn("lock-screen overlay ended ({})", how);
        events.accept(new SessionEvent.UiProcessDied(how));
    }

    @Override
    public synchronized void close() throws IOException {
        closed = true;
        watchdog.shutdownNow();
        if (process != null) {
            process.destroy();
        }
        link.close();
    }
}
