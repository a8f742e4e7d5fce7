package org.tapin.e2e.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.tapin.agent.overlay.OverlayLink;
import org.tapin.agent.reader.BadgeId;
import org.tapin.agent.session.Outcome;
import org.tapin.agent.session.SessionEvent;
import org.tapin.agent.session.SessionMachine;
import org.tapin.agent.session.SessionPolicy;
import org.tapin.agent.session.User;
import org.tapin.testkit.RepoRoot;
import org.tapin.testkit.x11.WindowManager;
import org.tapin.testkit.x11.XClients;
import org.tapin.testkit.x11.XServer;
import org.tapin.testkit.x11.XServerOptions;
import org.tapin.testkit.x11.XTerm;
import org.tapin.x11.cover.Cover;
import org.tapin.x11.xlib.XConnection;

/**
 * The lock screen, measured from outside the way a clinician sees it: a separate X connection reads a pixel of
 * the root in a tight loop. Figures: the session machine's decision to lock; lock latency (engage → the cover's
 * black seen by another client, over an xterm); cold start of {@code ./tapin agent} to the cover and to the lock
 * UI painted; the overlay's start-up under each JVM flag set; RSS and CPU of agent and overlay while idle.
 */
public final class LockScreenBenchmark {

    static final int PATIENT_DATA = 0xC02090;
    static final int BLACK = 0x000000;
    static final int BACKGROUND = 0x10202f;
    /** Outside the prompt, inside the xterm: what shows there is the desktop, the cover or the lock UI. */
    static final int PX = 20;
    static final int PY = 60;

    private LockScreenBenchmark() {}

    /** {@code tools/bench lockscreen [--full] [idle]}: with {@code idle}, only the idle cost (the rest takes long). */
    public static void main(String[] args) throws Exception {
        BenchMode mode = BenchMode.fromArgs(args);
        if (List.of(args).contains("idle")) {
            runIdle(mode, System.out::println);
        } else {
            run(mode, System.out::println);
        }
    }

    public static void run(BenchMode mode, Consumer<String> out) throws Exception {
        run(mode, out, false);
    }

    /** The idle figures alone, on a desktop of their own. */
    public static void runIdle(BenchMode mode, Consumer<String> out) throws Exception {
        run(mode, out, true);
    }

    private static void run(BenchMode mode, Consumer<String> out, boolean idleOnly) throws Exception {
        if (!idleOnly) {
            out.accept(decision(mode.pick(10_000, 200_000)));
        }
        Path work = Files.createTempDirectory("tapin-lock-bench");
        try (XServer server = XServer.start(XServerOptions.of(WindowManager.OPENBOX));
                XClients clients = new XClients(server);
                XConnection watcher = XConnection.open(server.display())) {
            desktop(clients, watcher);
            if (!idleOnly) {
                out.accept(lockLatency(server, watcher, mode.pick(30, 500)));
                out.accept(coldStart(server, watcher, work, mode.pick(2, 15)));
                for (OverlayFlags flags : OverlayFlags.values()) {
                    out.accept(overlayStart(server, watcher, work, flags, mode.pick(2, 10)));
                }
            }
            out.accept(idleCost(server, watcher, work, mode.pick(5, 60)));
        }
    }

    /** The clinician's desktop the lock must hide: a terminal full of patient data's colour. */
    private static void desktop(XClients clients, XConnection watcher) throws Exception {
        clients.xterm(XTerm.withBackground(new java.awt.Color(PATIENT_DATA)).withGeometry("120x40+0+0"));
        awaitPixel(watcher, PATIENT_DATA, 10_000);
    }

    /** The pure core's part: a badge tap-out decided, in microseconds. */
    static String decision(int iterations) {
        BadgeId badge = new BadgeId("04A1B2C3D4");
        double[] samples = new double[iterations];
        for (int i = 0; i < iterations; i++) {
            SessionMachine machine = new SessionMachine(SessionPolicy.DEFAULT);
            machine.start();
            machine.handle(new SessionEvent.BadgeTapped(badge, "r"), 0);
            long attempt = ((org.tapin.agent.session.SessionState.Authenticating) machine.state()).attempt().number();
            machine.handle(new SessionEvent.ApplianceAnswered(attempt, new Outcome.Ok(new User("drgrey", "Dr Grey"))), 1);
            long t0 = System.nanoTime();
            machine.handle(new SessionEvent.LockHotkey(), 2);
            samples[i] = (System.nanoTime() - t0) / 1_000.0;
        }
        return Stats.of(samples).line("session machine: lock decided", "µs",
                "iterations=" + iterations + ", unlocked -> locked on the lock hotkey, includes warm-up");
    }

    static String lockLatency(XServer server, XConnection watcher, int trials) throws Exception {
        double[] samples = new double[trials];
        try (Cover cover = new Cover(server.display()).start()) {
            for (int i = 0; i < trials; i++) {
                cover.release();
                awaitPixel(watcher, PATIENT_DATA, 5_000);
                long t0 = System.nanoTime();
                CompletableFuture<Long> engaged = CompletableFuture.supplyAsync(cover::engage);
                awaitPixel(watcher, BLACK, 5_000);
                samples[i] = (System.nanoTime() - t0) / 1e6;
                engaged.get(5, TimeUnit.SECONDS);
            }
            cover.dispose();
        }
        return Stats.of(samples).line("lock latency: engage -> cover seen by another client", "ms",
                "trials=" + trials + ", 1280x800, openbox, xterm below, pixel read in a tight loop; goal median <= 50 ms");
    }

    static String coldStart(XServer server, XConnection watcher, Path work, int trials) throws Exception {
        double[] toCover = new double[trials];
        double[] toUi = new double[trials];
        for (int i = 0; i < trials; i++) {
            BenchAgent.removeCover(server);
            awaitPixel(watcher, PATIENT_DATA, 5_000);
            long t0 = System.nanoTime();
            Process agent = BenchAgent.start(server, work.resolve("cold-" + i), "", Map.of());
            try {
                awaitPixel(watcher, BLACK, 30_000);
                toCover[i] = (System.nanoTime() - t0) / 1e6;
                awaitPixel(watcher, BACKGROUND, 60_000);
                toUi[i] = (System.nanoTime() - t0) / 1e6;
            } finally {
                BenchAgent.stop(agent);
            }
        }
        BenchAgent.removeCover(server);
        String params = "trials=" + trials + ", ./tapin agent spawned -> pixel seen, openbox";
        return Stats.of(toCover).line("cold start: agent spawned -> cover on screen", "ms", params + "; goal median <= 500 ms")
                + "\n" + Stats.of(toUi).line("cold start: agent spawned -> lock UI painted", "ms", params + "; goal median <= 1500 ms");
    }

    /**
     * The flag sets the overlay's start-up was measured with. TUNED_APPCDS maps an archive a training run wrote
     * when it exited (what the agent does without a built archive); TUNED_BUILT_APPCDS maps the one the build
     * dumped beside the jar from the recorded class list (what the agent uses when there is one).
     */
    enum OverlayFlags {
        PLAIN(List.of()),
        TUNED(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "-Xms16m", "-Xmx96m")),
        TUNED_APPCDS(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xms16m", "-Xmx96m", "-Xlog:cds*=error")),
        TUNED_BUILT_APPCDS(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xms16m", "-Xmx96m", "-Xlog:cds*=error"));

        final List<String> options;

        OverlayFlags(List<String> options) {
            this.options = options;
        }
    }

    static String overlayStart(XServer server, XConnection watcher, Path work, OverlayFlags flags, int trials) throws Exception {
        Path archive = work.resolve("lockscreen.jsa");
        if (flags == OverlayFlags.TUNED_APPCDS && !Files.exists(archive)) {
            // A training run: the classes the overlay loads to its first frame, dumped when it exits.
            List<String> train = new ArrayList<>(flags.options);
            train.add("-XX:ArchiveClassesAtExit=" + archive);
            timeOverlay(server, watcher, work, train);
        }
        Path built = overlayJar().resolveSibling("tapin-lockscreen.jsa");
        if (flags == OverlayFlags.TUNED_BUILT_APPCDS && !Files.isRegularFile(built)) {
            return "overlay start-up, tuned+built+appcds: not measured, no " + built + " (the build could not dump it)";
        }
        double[] samples = new double[trials];
        for (int i = 0; i < trials; i++) {
            List<String> options = new ArrayList<>(flags.options);
            if (flags == OverlayFlags.TUNED_APPCDS) {
                options.add("-XX:SharedArchiveFile=" + archive);
            } else if (flags == OverlayFlags.TUNED_BUILT_APPCDS) {
                options.add("-XX:SharedArchiveFile=" + built);
            }
            samples[i] = timeOverlay(server, watcher, work, options);
        }
        return Stats.of(samples).line("overlay start-up, " + flags.name().toLowerCase(Locale.ROOT).replace('_', '+'), "ms",
                "trials=" + trials + ", java " + String.join(" ", flags.options) + " -jar tapin-lockscreen.jar -> lock UI painted");
    }

    private static double timeOverlay(XServer server, XConnection watcher, Path work, List<String> options) throws Exception {
        awaitPixel(watcher, PATIENT_DATA, 10_000);
        try (OverlayLink link = new OverlayLink(work.resolve("run-overlay"), e -> { }, () -> { })) {
            List<String> command = new ArrayList<>(List.of(java()));
            command.addAll(options);
            command.addAll(List.of("-Dprism.order=sw", "-jar", overlayJar().toString(), "--socket", link.socket().toString()));
            long t0 = System.nanoTime();
            Process overlay = server.command(command.toArray(String[]::new)).redirectErrorStream(true)
                    .redirectOutput(work.resolve("overlay.out").toFile()).start();
            try {
                awaitPixel(watcher, BACKGROUND, 60_000);
                return (System.nanoTime() - t0) / 1e6;
            } finally {
                link.close(); // the overlay exits by itself when the agent goes away, writing an archive if asked
                if (!overlay.waitFor(10, TimeUnit.SECONDS)) {
                    overlay.destroyForcibly().waitFor();
                }
            }
        }
    }

    /**
     * A terminal's usual lock: the agent started on a data folder where an earlier overlay left its class-data
     * archive. Only the first overlay after an install writes one, and that one holds some 50 MiB more until it
     * exits; it is started and let go first, so the figure is the lock a terminal shows every day after.
     */
    static String idleCost(XServer server, XConnection watcher, Path work, int seconds) throws Exception {
        BenchAgent.removeCover(server);
        Path dir = work.resolve("idle");
        Process first = BenchAgent.start(server, dir, "", Map.of());
        try {
            awaitPixel(watcher, BACKGROUND, 60_000);
            ProcessHandle writer = overlayOf(first);
            first.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            // Its agent gone, the overlay exits by itself and writes the archive on the way out.
            writer.onExit().get(30, TimeUnit.SECONDS);
        } finally {
            BenchAgent.stop(first);
            BenchAgent.removeCover(server);
        }
        awaitPixel(watcher, PATIENT_DATA, 10_000);
        Process agent = BenchAgent.start(server, dir, "", Map.of());
        try {
            awaitPixel(watcher, BACKGROUND, 60_000);
            ProcessHandle overlay = overlayOf(agent);
            ProcessCpu agentBefore = ProcessCpu.of(agent.pid());
            ProcessCpu overlayBefore = ProcessCpu.of(overlay.pid());
            Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
            // CPU milliseconds per second of idle, as a percentage of one core
            double agentCpu = ProcessCpu.of(agent.pid()).since(agentBefore).totalMillis() / seconds / 10;
            double overlayCpu = ProcessCpu.of(overlay.pid()).since(overlayBefore).totalMillis() / seconds / 10;
            long agentRss = rssKib(agent.pid());
            long overlayRss = rssKib(overlay.pid());
            return String.format(Locale.ROOT, "idle while locked: agent RSS %.1f MiB, overlay RSS %.1f MiB, together %.1f MiB"
                    + " (goal <= 180 MB); CPU agent %.2f %%, overlay %.2f %%, together %.2f %% of a core (goal <= 1 %%)"
                    + " (after %d s idle, measured over those %d s; overlay with its class-data archive; no reader"
                    + " service)", agentRss / 1024.0,
                    overlayRss / 1024.0, (agentRss + overlayRss) / 1024.0, agentCpu, overlayCpu, agentCpu + overlayCpu,
                    seconds, seconds);
        } finally {
            BenchAgent.stop(agent);
            BenchAgent.removeCover(server);
        }
    }

    private static ProcessHandle overlayOf(Process agent) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            ProcessHandle overlay = agent.descendants().filter(p -> p.info().commandLine().orElse("").contains("-jar")
                    && p.info().commandLine().orElse("").contains("tapin-lockscreen.jar")).findFirst().orElse(null);
            if (overlay != null) {
                return overlay;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the agent started no overlay");
    }

    private static void awaitPixel(XConnection watcher, int rgb, long timeoutMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (watcher.pixel(PX, PY) != rgb) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(String.format("pixel (%d,%d) never became #%06x; it is #%06x", PX, PY, rgb,
                        watcher.pixel(PX, PY)));
            }
        }
    }

    private static long rssKib(long pid) throws IOException {
        return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                .filter(l -> l.startsWith("VmRSS:")).map(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElse(0L);
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static Path overlayJar() {
        return RepoRoot.path().resolve("lockscreen/target/tapin-lockscreen.jar");
    }
}
