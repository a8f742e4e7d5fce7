package org.tapin.e2e.shift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.tapin.e2e.bench.Stats;
import org.tapin.e2e.lock.ExposureWatch;
import org.tapin.testkit.tls.TlsMaterial;
import org.tapin.testkit.tls.TlsMaterialExtension;
import org.tapin.testkit.x11.XClients;
import org.tapin.testkit.x11.XServerExtension;
import org.tapin.testkit.x11.XTerm;
import org.tapin.e2e.lock.LeftoverCover;

/**
 * The shift repeated for a given time with random taps by three doctors, windows opened in each one's colour, and
 * appliance restarts: {@code -Dtapin.soak=PT30M} (the test suite runs {@value #SHORT} so it cannot rot). While a
 * doctor is signed in, a screenshot must never show another doctor's colour; while locked, no doctor's colour.
 * Reports taps served, the agent's tap-to-unlock (from its own log: badge read to unlocked), exposures, the
 * agent's RSS over time, and audit events lost between the agent and the appliance, in
 * {@code target/soak-report.txt}.
 */
@ExtendWith(TlsMaterialExtension.class)
class SoakTest {

    static final String SHORT = "PT1M";
    private static final Pattern TAP = Pattern.compile("(\\d{2}:\\d{2}:\\d{2},\\d{3}) - Agent.Session - INFO: session: \\S+ -> AUTHENTICATING\\(badge\\)");
    private static final Pattern UNLOCKED = Pattern.compile("(\\d{2}:\\d{2}:\\d{2},\\d{3}) - Agent.Session - INFO: session: AUTHENTICATING\\(badge\\) -> UNLOCKED\\(");

    @RegisterExtension
    static final XServerExtension X = XServerExtension.withOpenbox().withNotifications().size(1280, 800);

    record Doctor(String user, String badge, Color patient) {}

    static final List<Doctor> DOCTORS = List.of(
            new Doctor("dradams", "04AD0001", new Color(0xC0, 0x20, 0x90)),
            new Doctor("drbaker", "04BA0002", new Color(0x20, 0xA0, 0x90)),
            new Doctor("drchen", "04C00003", new Color(0xA0, 0x90, 0x20)));

    @TempDir
    Path dir;

    @AfterEach
    void removeTheCoverTheAgentLeft() {
        LeftoverCover.remove(X.server());
    }

    @Test
    void aShiftRepeatedWithRandomTapsWindowsAndApplianceRestarts(TlsMaterial tls) throws Exception {
        Duration length = Duration.parse(System.getProperty("tapin.soak", SHORT));
        Random random = new Random(Long.getLong("tapin.soak.seed", 20261123L));
        List<String> report = new ArrayList<>();
        try (Terminal terminal = new Terminal(dir, tls, "soak"); XClients clients = new XClients(X.server())) {
            for (Doctor d : DOCTORS) {
                terminal.appliance.adminOk("Soak-" + d.badge() + "-2026\n", "user", "add", d.user(), "--password-stdin");
                terminal.appliance.adminOk("", "badge", "link", d.badge(), d.user());
            }
            terminal.policy("");
            terminal.boot(X.server(), "1.0.0");

            long deadline = System.nanoTime() + length.toNanos();
            Doctor signedIn = null;
            int exposures = 0;
            int checks = 0;
            int restarts = 0;
            List<String> rss = new ArrayList<>();
            long nextRss = 0;
            while (System.nanoTime() < deadline) {
                if (System.nanoTime() >= nextRss) {
                    rss.add(LocalDateTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss")) + " " + rssKib(terminal.agentPid()) + " KiB");
                    nextRss = System.nanoTime() + Duration.ofMinutes(1).toNanos();
                }
                int dice = random.nextInt(20);
                if (dice == 0) {
                    // The appliance restarts: a tap meanwhile is answered "unreachable", its audit queues.
                    terminal.appliance.kill();
                    Doctor d = DOCTORS.get(random.nextInt(DOCTORS.size()));
                    terminal.tap(d.badge());
                    Thread.sleep(1_500);
                    terminal.appliance.start();
                    restarts++;
                    signedIn = null; // a tap on the desktop locks at once; the unreachable appliance unlocks nobody
                    continue;
                }
                Doctor d = DOCTORS.get(random.nextInt(DOCTORS.size()));
                int unlocksBefore = terminal.count("-> UNLOCKED(" + d.user() + ")");
                int locksBefore = terminal.count("UNLOCKED(" + d.user() + ") -> LOCKED(" + d.user() + ")");
                terminal.tap(d.badge());
                boolean tapOut = d.equals(signedIn);
                if (tapOut) {
                    await().atMost(Duration.ofSeconds(15)).until(() ->
                            terminal.count("UNLOCKED(" + d.user() + ") -> LOCKED(" + d.user() + ")") > locksBefore);
                    signedIn = null;
                } else {
                    await().atMost(Duration.ofSeconds(20)).until(() -> terminal.count("-> UNLOCKED(" + d.user() + ")") > unlocksBefore);
                    signedIn = d;
                    if (random.nextBoolean()) {
                        clients.xterm(XTerm.withBackground(d.patient()).withGeometry((40 + random.nextInt(40)) + "x"
                                + (10 + random.nextInt(20)) + "+" + random.nextInt(600) + "+" + random.nextInt(400)));
                    }
                }
                // What may show now: only the signed-in doctor's colour, or none while locked.
                Thread.sleep(300);
                List<Color> forbidden = new ArrayList<>();
                for (Doctor other : DOCTORS) {
                    if (!other.equals(signedIn)) {
                        forbidden.add(other.patient());
                    }
                }
                try (ExposureWatch watch = ExposureWatch.start(X.server(), "soak", forbidden.toArray(Color[]::new))) {
                    Thread.sleep(600);
                    watch.close();
                    checks += watch.samples();
                    exposures += watch.exposedAt().size();
                }
            }
            rss.add(LocalDateTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss")) + " " + rssKib(terminal.agentPid()) + " KiB");

            String log = terminal.agentLog();
            Stats tapToUnlock = Stats.of(tapToUnlock(log));
            int unlocks = count(log, "-> UNLOCKED(");
            // Every unlock is one audit event of one of these types at the appliance, once the journal has drained.
            int stored = 0;
            for (long until = System.nanoTime() + Duration.ofSeconds(120).toNanos(); System.nanoTime() < until; Thread.sleep(2_000)) {
                stored = auditCount(terminal, "unlock") + auditCount(terminal, "resume") + auditCount(terminal, "tap-over");
                if (stored >= unlocks) {
                    break;
                }
            }
            report.add("soak of " + length + " (seed " + Long.getLong("tapin.soak.seed", 20261123L) + "), 3 doctors, openbox on Xvfb 1280x800");
            report.add("taps served (unlocks): " + unlocks + ", appliance restarts: " + restarts);
            report.add(tapToUnlock.line("agent's tap-to-unlock (badge read -> unlocked, from its log)", "ms", "appliance over TLS on loopback"));
            report.add("exposures: " + exposures + " of " + checks + " screenshots");
            report.add("lost audit events: " + Math.max(0, unlocks - stored) + " (agent unlocks " + unlocks + ", appliance stored " + stored + ")");
            report.add("agent RSS over time: " + String.join(", ", rss));
            report.forEach(System.out::println);
            Files.write(Path.of("target/soak-report.txt"), report);

            assertThat(unlocks).isGreaterThan(3);
            assertThat(exposures).as("screenshots that showed another doctor's patient").isZero();
            assertThat(stored).as("audit events at the appliance").isGreaterThanOrEqualTo(unlocks);
        }
    }

    private static double[] tapToUnlock(String log) {
        List<Double> samples = new ArrayList<>();
        String lastTap = null;
        for (String line : log.lines().toList()) {
            Matcher tap = TAP.matcher(line);
            if (tap.find()) {
                lastTap = tap.group(1);
                continue;
            }
            Matcher unlocked = UNLOCKED.matcher(line);
            if (unlocked.find() && lastTap != null) {
                samples.add((double) (millis(unlocked.group(1)) - millis(lastTap)));
                lastTap = null;
            }
        }
        return samples.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static long millis(String time) {
        String[] hms = time.split("[:,]");
        return ((Long.parseLong(hms[0]) * 60 + Long.parseLong(hms[1])) * 60 + Long.parseLong(hms[2])) * 1000 + Long.parseLong(hms[3]);
    }

    private static int auditCount(Terminal terminal, String type) throws Exception {
        return (int) terminal.appliance.adminOk("", "audit", "list", "--type", type, "--limit", "100000").out()
                .lines().filter(l -> !l.isBlank()).count();
    }

    private static int count(String text, String what) {
        return text.split(Pattern.quote(what), -1).length - 1;
    }

    private static String rssKib(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream().filter(l -> l.startsWith("VmRSS:"))
                    .map(l -> l.replaceAll("[^0-9]", "")).findFirst().orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }
}
