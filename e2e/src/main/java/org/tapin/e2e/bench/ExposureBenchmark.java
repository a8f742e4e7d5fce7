package org.tapin.e2e.bench;

import com.sun.jna.Memory;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.tapin.testkit.x11.WindowManager;
import org.tapin.testkit.x11.XServer;
import org.tapin.testkit.x11.XServerOptions;
import org.tapin.x11.cover.Cover;
import org.tapin.x11.window.WindowMonitor;
import org.tapin.x11.window.WindowPolicy;
import org.tapin.x11.xlib.XConnection;
import org.tapin.x11.xlib.XStructs;
import org.tapin.x11.xlib.Xlib;

/**
 * Exposure: while locked, an intruder maps a window the policy denies; a third connection polls the stacking
 * order and measures how long the window's top-level stays above the cover. Reported separately for windows
 * the window manager manages (openbox stacks their frames) and for override-redirect windows (stacked by the
 * client itself). Also the cover thread's CPU while a client creates and destroys windows at 1,000 per second.
 */
public final class ExposureBenchmark {

    private ExposureBenchmark() {}

    public static void main(String[] args) throws Exception {
        run(BenchMode.fromArgs(args), System.out::println);
    }

    public static void run(BenchMode mode, Consumer<String> out) throws Exception {
        int trials = mode.pick(40, 500);
        int floodSeconds = mode.pick(1, 10);
        try (XServer server = XServer.start(XServerOptions.of(WindowManager.OPENBOX));
                Cover cover = new Cover(server.display()).start();
                XConnection intruder = XConnection.open(server.display());
                XConnection watcher = XConnection.open(server.display())) {
            cover.policy(WindowPolicy.NOTHING);
            long coverId = cover.engage();
            for (boolean overrideRedirect : new boolean[] {false, true}) {
                double[] exposures = new double[trials];
                int exposedTrials = 0;
                for (int i = 0; i < trials; i++) {
                    exposures[i] = exposureOfOneWindow(intruder, watcher, coverId, overrideRedirect);
                    if (exposures[i] > 0) {
                        exposedTrials++;
                    }
                }
                out.accept(Stats.of(exposures).line("exposure above the cover, " + (overrideRedirect
                        ? "override-redirect window" : "managed window (openbox frame)"), "ms", String.format(Locale.ROOT,
                        "trials=%d, exposed in %d, openbox, stacking polled by a third connection, mode=%s",
                        trials, exposedTrials, mode)));
            }
            out.accept(flood(server, intruder, floodSeconds));
        }
    }

    /** Maps one denied window and returns how long (ms) it was seen above the cover; 0 if never. */
    static double exposureOfOneWindow(XConnection intruder, XConnection watcher, long cover, boolean overrideRedirect) {
        long window = create(intruder, overrideRedirect);
        Xlib.INSTANCE.XMapWindow(intruder.display(), window);
        intruder.flush();
        long deadline = System.nanoTime() + 2_000_000_000L;
        long exposedSince = 0;
        double exposure = 0;
        long quietSince = 0;
        while (System.nanoTime() < deadline) {
            List<Long> stack = watcher.children(watcher.root());
            long now = System.nanoTime();
            int coverAt = stack.indexOf(cover);
            int windowAt = topLevelIndex(watcher, stack, window);
            // Only a viewable window shows anything: before the window manager maps its frame, the client window
            // sits unmapped at the top of the root's children.
            boolean above = windowAt > coverAt && coverAt >= 0
                    && watcher.attributes(stack.get(windowAt)).map(a -> a.viewable()).orElse(false);
            if (above && exposedSince == 0) {
                exposedSince = now;
            } else if (!above && exposedSince != 0) {
                exposure = (now - exposedSince) / 1e6;
                break;
            }
            if (windowAt >= 0 && !above) {
                if (quietSince == 0) {
                    quietSince = now;
                } else if (now - quietSince > 100_000_000L) {
                    break; // mapped and below the cover for 100 ms: it never showed
                }
            }
        }
        Xlib.INSTANCE.XDestroyWindow(intruder.display(), window);
        intruder.sync();
        return exposure;
    }

    private static int topLevelIndex(XConnection watcher, List<Long> stack, long window) {
        int direct = stack.indexOf(window);
        if (direct >= 0) {
            return direct;
        }
        long parent = watcher.parent(window);
        return parent == Xlib.NONE ? -1 : stack.indexOf(parent);
    }

    private static long create(XConnection x, boolean overrideRedirect) {
        Memory attributes = new Memory(XStructs.SET_ATTRIBUTES_SIZE);
        attributes.clear();
        attributes.setLong(XStructs.SET_BACKGROUND_PIXEL, 0xC02090);
        attributes.setInt(XStructs.SET_OVERRIDE_REDIRECT, overrideRedirect ? 1 : 0);
        return Xlib.INSTANCE.XCreateWindow(x.display(), x.root(), 10, 10, 400, 300, 0, 0, Xlib.INPUT_OUTPUT, null,
                Xlib.CW_BACK_PIXEL | Xlib.CW_OVERRIDE_REDIRECT, attributes);
    }

    /** CPU of the cover/enforcer thread while windows are created, mapped and destroyed at 1,000 per second. */
    private static String flood(XServer server, XConnection intruder, int seconds) throws InterruptedException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        java.util.concurrent.atomic.AtomicLong seen = new java.util.concurrent.atomic.AtomicLong();
        WindowMonitor monitor = new WindowMonitor(server.display(), e -> seen.incrementAndGet()).start();
        long coverThread = threadId("cover");
        long monitorThread = threadId("window-monitor");
        long cpuBefore = threads.getThreadCpuTime(coverThread);
        long monitorBefore = threads.getThreadCpuTime(monitorThread);
        long start = System.nanoTime();
        int created = 0;
        long[] recent = new long[50];
        for (long tick = 0; tick < seconds * 1000L; tick++) {
            long due = start + tick * 1_000_000L;
            while (System.nanoTime() < due) {
                Thread.onSpinWait();
            }
            int slot = (int) (tick % recent.length);
            if (recent[slot] != 0) {
                Xlib.INSTANCE.XDestroyWindow(intruder.display(), recent[slot]);
            }
            recent[slot] = create(intruder, true);
            Xlib.INSTANCE.XMapWindow(intruder.display(), recent[slot]);
            intruder.flush();
            created++;
        }
        for (long w : recent) {
            if (w != 0) {
                Xlib.INSTANCE.XDestroyWindow(intruder.display(), w);
            }
        }
        intruder.sync();
        Thread.sleep(500);
        double wall = (System.nanoTime() - start) / 1e9;
        double cpu = (threads.getThreadCpuTime(coverThread) - cpuBefore) / 1e9;
        double monitorCpu = (threads.getThreadCpuTime(monitorThread) - monitorBefore) / 1e9;
        monitor.close();
        System.gc(); // what stays, not the garbage of 10,000 windows: the monitor's table must not grow
        Runtime rt = Runtime.getRuntime();
        return String.format(Locale.ROOT, "enforcer under a window flood: %d windows in %.1f s, cover thread CPU %.1f %% "
                + "of a core, window monitor thread CPU %.1f %% (%d events), heap retained %d MiB after a GC "
                + "(override-redirect windows mapped and destroyed, 50 alive at a time)",
                created, wall, 100 * cpu / wall, 100 * monitorCpu / wall, seen.get(), (rt.totalMemory() - rt.freeMemory()) >> 20);
    }

    private static long threadId(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name))
                .findFirst().orElseThrow().getId();
    }
}
