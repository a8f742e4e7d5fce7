package org.tapin.e2e.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.tapin.agent.policy.AccessEntry;
import org.tapin.agent.policy.AccessListMatcher;
import org.tapin.agent.policy.Verdict;
import org.tapin.agent.policy.WindowIdentity;

/**
 * Matches per second of the lock-screen access list with 200 entries, and bytes allocated per match (the
 * matcher is on the path of every window event and must not allocate).
 *
 * <p>A plain harness rather than JMH: it must report a median and p99 over batches, and allocation, in one
 * line per figure like every other benchmark in e2e/. Each batch times {@value #BATCH} matches.
 */
public final class MatcherBenchmark {

    static final int ENTRIES = 200;
    static final int BATCH = 10_000;

    private MatcherBenchmark() {}

    public static void main(String[] args) {
        run(BenchMode.fromArgs(args), System.out::println);
    }

    /** Runs the benchmark, sends one line per figure to {@code out}, and returns bytes allocated per match. */
    public static double run(BenchMode mode, Consumer<String> out) {
        AccessListMatcher matcher = AccessListMatcher.of(accessList());
        List<Scenario> scenarios = List.of(
                new Scenario("denied (all 200 entries tried)", WindowIdentity.of("XTerm", "xterm", "ward 3 - patient list")),
                new Scenario("allowed by the last, all-variants entry",
                        WindowIdentity.of("Xfce4-notifyd", "xfce4-notifyd", "Network connected")),
                new Scenario("allowed by the first, exact entry", WindowIdentity.of("IGEL Setup",
                        "sun-awt-X11-XFramePeer", "IGEL Setup 11.05.133.01 (Build 6.7.5)")));
        int warmupBatches = mode.pick(50, 500);
        int batches = mode.pick(100, 2_000);
        double worstAllocation = 0;
        for (Scenario scenario : scenarios) {
            for (int i = 0; i < warmupBatches; i++) {
                timeBatch(matcher, scenario.window());
            }
            double[] nanosPerMatch = new double[batches];
            long allocatedBefore = allocatedBytes();
            for (int i = 0; i < batches; i++) {
                nanosPerMatch[i] = timeBatch(matcher, scenario.window()) / (double) BATCH;
            }
            double bytesPerMatch = (allocatedBytes() - allocatedBefore) / ((double) batches * BATCH);
            worstAllocation = Math.max(worstAllocation, bytesPerMatch);
            Stats stats = Stats.of(nanosPerMatch);
            String parameters = String.format(Locale.ROOT, "entries=%d, batches=%d x %d matches, mode=%s",
                    ENTRIES, batches, BATCH, mode);
            out.accept(stats.line("matcher " + scenario.name() + ", time per match", "ns", parameters));
            out.accept(String.format(Locale.ROOT,
                    "matcher %s, matches per second: median %.0f, p99-batch %.0f; allocated %.4f bytes per match",
                    scenario.name(), 1e9 / stats.median(), 1e9 / stats.p99(), bytesPerMatch));
        }
        return worstAllocation;
    }

    private static long timeBatch(AccessListMatcher matcher, WindowIdentity window) {
        long start = System.nanoTime();
        int allowed = 0;
        for (int i = 0; i < BATCH; i++) {
            Verdict verdict = matcher.match(window);
            allowed += verdict.position();
        }
        long elapsed = System.nanoTime() - start;
        if (allowed < 0) {
            throw new AssertionError("unreachable; keeps the loop from being optimised away");
        }
        return elapsed;
    }

    private static long allocatedBytes() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        return threads.getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    /** A realistic list: the seed's entries first, then site applications, half exact and half all-variants. */
    static List<AccessEntry> accessList() {
        List<AccessEntry> list = new ArrayList<>();
        list.add(new AccessEntry("IGEL Setup", "IGEL Setup 11.05.133.01 (Build 6.7.5)", "IGEL Setup",
                "sun-awt-X11-XFramePeer", false, null));
        for (int i = 1; list.size() < ENTRIES - 1; i++) {
            boolean variants = i % 2 == 0;
            list.add(new AccessEntry("site app " + i, "Site Application " + i + " - Main Window",
                    "SiteApp" + i, "siteapp" + i, variants, null));
        }
        list.add(new AccessEntry("Desktop notifications", null, "notifyd", null, true, null));
        return list;
    }

    record Scenario(String name, WindowIdentity window) {}
}
