package org.tapin.e2e.bench;

import java.awt.Color;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.tapin.e2e.appliance.ApplianceProcess;
import org.tapin.testkit.pcsc.PcscStack;
import org.tapin.testkit.pcsc.VirtualCard;
import org.tapin.testkit.tls.TlsMaterial;
import org.tapin.testkit.x11.WindowManager;
import org.tapin.testkit.x11.XClients;
import org.tapin.testkit.x11.XServer;
import org.tapin.testkit.x11.XServerOptions;
import org.tapin.testkit.x11.XTerm;
import org.tapin.x11.xlib.XConnection;

/**
 * A badge tap on the whole product, seen from outside: Xvfb with openbox, pcscd with the vpcd virtual reader, the
 * reference appliance over TLS, {@code ./tapin agent} with its lock screen. A watcher on its own X connection reads
 * a pixel inside a full-screen xterm; the virtual card goes on the reader, and the time until that pixel shows the
 * desktop (tap in) or no longer does (tap out) is the end-to-end figure. It includes pcscd's 400 ms presence poll of
 * vpcd and the appliance, which are not the agent's: its own share comes from its log, from the line that says the
 * badge was read (the session's {@code (badge … tapped on …)} transition) to the screen, minus the appliance round
 * trip (that line to the authenticator's {@code badge …: ok, USER}). Log and watcher share the wall clock, in ms.
 */
public final class TapBenchmark {

    static final int PATIENT_DATA = 0xC02090;
    /** The lock UI's default background: the overlay is up and painted. */
    static final int BACKGROUND = 0x10202f;
    /** Outside the prompt, inside the xterm: what shows there is the desktop, the cover or the lock UI. */
    static final int PX = 20;
    static final int PY = 60;
    static final String BADGE = "04B3AC5E17";
    static final String USER = "drgrey";

    private static final Pattern TAPPED = Pattern.compile("^session: \\S+ -> \\S+ \\(badge \\S+ tapped on .*\\)$");
    private static final Pattern ANSWERED = Pattern.compile("^badge \\S+: ok, " + USER + "$");
    private static final Pattern REMOVED = Pattern.compile("^session: \\S+ stays \\(badge removed from .*$");

    private TapBenchmark() {}

    public static void main(String[] args) throws Exception {
        run(BenchMode.fromArgs(args), System.out::println);
    }

    /** One tap in or out: card on the reader (wall and monotonic clock) and the screen's change (both clocks). */
    record Tap(long insertedNanos, long seenNanos, long seenWallMillis) {
        double endToEndMillis() {
            return (seenNanos - insertedNanos) / 1e6;
        }
    }

    public static void run(BenchMode mode, Consumer<String> out) throws Exception {
        int cycles = mode.pick(3, 100);
        int warmUp = 1;
        Path work = Files.createTempDirectory("tapin-tap-bench");
        TlsMaterial tls = TlsMaterial.generate(work.resolve("tls"));
        try (XServer server = XServer.start(XServerOptions.of(WindowManager.OPENBOX));
                XClients clients = new XClients(server);
                XConnection watcher = XConnection.open(server.display());
                ApplianceProcess appliance = new ApplianceProcess(Files.createDirectories(work.resolve("appliance")), tls).start();
                PcscStack pcsc = PcscStack.isolated();
                VirtualCard card = pcsc.card(0)) {
            appliance.adminOk("Grey-Taps-2026\n", "user", "add", USER, "--display-name", "Dr Grey", "--password-stdin");
            appliance.adminOk("", "badge", "link", BADGE, USER);
            clients.xterm(XTerm.withBackground(new Color(PATIENT_DATA)).withGeometry("120x40+0+0"));
            awaitPixel(watcher, p -> p == PATIENT_DATA, 10_000);
            Path dir = work.resolve("agent");
            Process agent = BenchAgent.start(server, dir, "appliances = " + appliance.uri() + "\nca-certs-dir = " + tls.caFolder(),
                    pcsc.env());
            try {
                AgentLog log = new AgentLog(dir.resolve("log/OneSignAgent.log"));
                log.await(0, l -> l.startsWith("badge reader available"), 60_000);
                log.await(0, l -> l.contains(" applied: "), 60_000); // registered, policy from the appliance
                awaitPixel(watcher, p -> p == BACKGROUND, 60_000);

                double[] inEndToEnd = new double[cycles];
                double[] inRoundTrip = new double[cycles];
                double[] inOwn = new double[cycles];
                double[] outEndToEnd = new double[cycles];
                double[] outOwn = new double[cycles];
                for (int i = -warmUp; i < cycles; i++) {
                    int from = log.size();
                    Tap in = tap(card, watcher, p -> p == PATIENT_DATA);
                    long tapped = log.await(from, l -> TAPPED.matcher(l).matches(), 10_000);
                    long answered = log.await(from, l -> ANSWERED.matcher(l).matches(), 10_000);
                    release(card, log, from, tapped);
                    from = log.size();
                    Tap outTap = tap(card, watcher, p -> p != PATIENT_DATA);
                    long tappedOut = log.await(from, l -> TAPPED.matcher(l).matches(), 10_000);
                    release(card, log, from, tappedOut);
                    if (i >= 0) {
                        inEndToEnd[i] = in.endToEndMillis();
                        inRoundTrip[i] = answered - tapped;
                        inOwn[i] = (in.seenWallMillis() - tapped) - (answered - tapped);
                        outEndToEnd[i] = outTap.endToEndMillis();
                        outOwn[i] = outTap.seenWallMillis() - tappedOut;
                    }
                }
                String params = String.format(Locale.ROOT, "taps=%d in + %d out alternately after %d warm-up pair, 1280x800,"
                        + " openbox, vpcd virtual reader, appliance over TLS on loopback, pixel polled every 0.5 ms, mode=%s",
                        cycles, cycles, warmUp, mode);
                out.accept(Stats.of(inEndToEnd).line("tap in: card on the reader -> lock screen gone", "ms",
                        params + "; includes pcscd's 0-400 ms poll of vpcd"));
                out.accept(Stats.of(inRoundTrip).line("tap in: appliance round trip, badge read -> answer (agent log)", "ms",
                        params));
                out.accept(Stats.of(inOwn).line("tap in: agent's share, badge read -> lock screen gone, minus the round trip",
                        "ms", params + "; log times in whole ms; goal median <= 100 ms"));
                out.accept(Stats.of(outEndToEnd).line("tap out: card on the reader -> lock on the screen", "ms",
                        params + "; includes pcscd's 0-400 ms poll of vpcd"));
                out.accept(Stats.of(outOwn).line("tap out: agent's share, badge read -> lock on the screen", "ms",
                        params + "; log times in whole ms; no appliance call"));
            } finally {
                BenchAgent.stop(agent);
                BenchAgent.removeCover(server);
            }
        }
    }

    /** Puts the card on the reader and waits, watching, until the pixel turns as {@code seen} says. */
    private static Tap tap(VirtualCard card, XConnection watcher, java.util.function.IntPredicate seen) {
        long inserted = System.nanoTime();
        card.insert(BADGE);
        awaitPixel(watcher, seen, 20_000);
        return new Tap(inserted, System.nanoTime(), System.currentTimeMillis());
    }

    /**
     * Takes the card off and waits until the agent has seen it go (so pcscd cannot miss a remove and an insert
     * inside one poll) and its repeated-tap window (1 s from its read of the same badge, {@code tappedMillis}) is over.
     */
    private static void release(VirtualCard card, AgentLog log, int from, long tappedMillis) throws Exception {
        card.remove();
        log.await(from, l -> REMOVED.matcher(l).matches(), 10_000);
        long wait = tappedMillis + 1_200 - System.currentTimeMillis();
        if (wait > 0) {
            Thread.sleep(wait);
        }
    }

    private static void awaitPixel(XConnection watcher, java.util.function.IntPredicate wanted, long timeoutMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        int pixel;
        while (!wanted.test(pixel = watcher.pixel(PX, PY))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(String.format("pixel (%d,%d) is #%06x after %d ms", PX, PY, pixel, timeoutMillis));
            }
            // A short pause rather than a spin: on two cores a spinning watcher would slow the agent it measures.
            LockSupport.parkNanos(500_000);
        }
    }
}
