package org.tapin.e2e.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.tapin.agent.reader.BadgeIdFormat;
import org.tapin.agent.reader.PcscBadgeReader;
import org.tapin.agent.reader.ReaderEvent;
import org.tapin.agent.reader.ReaderSettings;
import org.tapin.testkit.pcsc.PcscStack;
import org.tapin.testkit.pcsc.VirtualCard;

/**
 * Badge reader figures against a real pcscd with the vpcd virtual reader:
 * <ul>
 * <li>tap latency end to end: virtual card connected to vpcd → tap event (bounded below by pcscd's 400 ms
 * presence poll of vpcd, so spread over 0–400 ms; real CCID readers notify faster);
 * <li>the reader component's own share: SCardGetStatusChange returning → tap event (connect + FF CA + report);
 * <li>recovery: a new pcscd launched (after the old one is gone) → reader available again; this includes
 * pcscd's own start-up;
 * <li>CPU of the waiting reader thread.
 * </ul>
 */
public final class ReaderBenchmark {

    private ReaderBenchmark() {}

    public static void main(String[] args) throws Exception {
        run(BenchMode.fromArgs(args), System.out::println);
    }

    record Timed(ReaderEvent event, long receivedNanos) {}

    public static void run(BenchMode mode, Consumer<String> out) throws Exception {
        int taps = mode.pick(20, 1_000);
        int restarts = mode.pick(3, 100);
        int idleSeconds = mode.pick(5, 60);
        BlockingQueue<Timed> events = new LinkedBlockingQueue<>();
        try (PcscStack stack = PcscStack.forThisJvm(); VirtualCard card = stack.card(0);
                PcscBadgeReader reader = new PcscBadgeReader(new ReaderSettings("", "", BadgeIdFormat.HEX, 0),
                        e -> events.add(new Timed(e, System.nanoTime())))) {
            reader.start();
            awaitAvailable(events);
            double[] endToEnd = new double[taps];
            double[] ownShare = new double[taps];
            for (int i = 0; i < taps; i++) {
                long inserted = System.nanoTime();
                card.insert(String.format("04%06X", i));
                Timed tap = await(events, ReaderEvent.Tapped.class);
                endToEnd[i] = (tap.receivedNanos() - inserted) / 1e6;
                ownShare[i] = (tap.receivedNanos() - ((ReaderEvent.Tapped) tap.event()).detectedNanos()) / 1e6;
                card.remove();
                await(events, ReaderEvent.Removed.class);
            }
            String tapParameters = String.format(Locale.ROOT, "taps=%d, virtual reader vpcd, mode=%s", taps, mode);
            out.accept(Stats.of(endToEnd).line("reader tap latency, card connect -> tap event", "ms", tapParameters));
            out.accept(Stats.of(ownShare).line("reader own share, SCardGetStatusChange return -> tap event", "ms", tapParameters));

            double[] recovery = new double[restarts];
            for (int i = 0; i < restarts; i++) {
                stack.stopDaemon(); // returns once the old pcscd is gone
                awaitUnavailable(events);
                long launched = System.nanoTime();
                stack.restart();
                Timed back = awaitAvailable(events);
                recovery[i] = (back.receivedNanos() - launched) / 1e6;
            }
            out.accept(Stats.of(recovery).line("reader recovery, new pcscd launched -> reader available", "ms",
                    String.format(Locale.ROOT, "restarts=%d, retry every <= 500 ms, mode=%s", restarts, mode)));

            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long readerThread = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().equals("badge-reader")).findFirst().orElseThrow().getId();
            long cpuBefore = threads.getThreadCpuTime(readerThread);
            long processBefore = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
            long wallBefore = System.nanoTime();
            Thread.sleep(idleSeconds * 1_000L);
            long wall = System.nanoTime() - wallBefore;
            double threadPercent = 100.0 * (threads.getThreadCpuTime(readerThread) - cpuBefore) / wall;
            double processPercent = 100.0 * (((com.sun.management.OperatingSystemMXBean) ManagementFactory
                    .getOperatingSystemMXBean()).getProcessCpuTime() - processBefore) / wall;
            out.accept(String.format(Locale.ROOT,
                    "reader idle CPU: reader thread %.3f %% of a core, whole benchmark JVM %.3f %% (over %d s waiting, no card)",
                    threadPercent, processPercent, idleSeconds));
        }
    }

    private static void awaitUnavailable(BlockingQueue<Timed> events) throws InterruptedException {
        while (((ReaderEvent.Availability) await(events, ReaderEvent.Availability.class).event()).available()) {
            // keep waiting for the "not available" report
        }
    }

    private static Timed awaitAvailable(BlockingQueue<Timed> events) throws InterruptedException {
        while (true) {
            Timed t = await(events, ReaderEvent.Availability.class);
            if (((ReaderEvent.Availability) t.event()).available()) {
                return t;
            }
        }
    }

    private static Timed await(BlockingQueue<Timed> events, Class<? extends ReaderEvent> type) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            Timed t = events.poll(1, TimeUnit.SECONDS);
            if (t != null && type.isInstance(t.event())) {
                return t;
            }
        }
        throw new IllegalStateException("no " + type.getSimpleName() + " within 20 s");
    }
}
