package org.tapin.e2e.shift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.tapin.testkit.x11.PixelAssertions.assertThat;

import java.awt.Color;
import java.awt.Rectangle;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.tapin.e2e.appliance.ApplianceProcess;
import org.tapin.e2e.lock.ExposureWatch;
import org.tapin.e2e.lock.LockScreenPixels;
import org.tapin.testkit.RepoRoot;
import org.tapin.testkit.tls.TlsMaterial;
import org.tapin.testkit.tls.TlsMaterialExtension;
import org.tapin.testkit.x11.XClients;
import org.tapin.testkit.x11.XServerExtension;
import org.tapin.testkit.x11.XTerm;
import org.tapin.e2e.lock.LeftoverCover;

/**
 * A clinician's day on one shared terminal, against the whole product as a site runs it: the reference appliance
 * over TLS, the loader installing the agent package from the appliance, the agent and its lock screen on Xvfb with
 * openbox and a notification daemon, pcscd with the virtual reader. Two doctors, their windows in colours only
 * patient data has, and screenshots watched the whole day: neither doctor's window ever shows to the other or on
 * the lock.
 */
@ExtendWith(TlsMaterialExtension.class)
class ShiftTest {

    @RegisterExtension
    static final XServerExtension X = XServerExtension.withOpenbox().withNotifications().size(1280, 800);

    static final Color ADAMS_PATIENT = new Color(0xC0, 0x20, 0x90);
    static final Color BAKER_PATIENT = new Color(0x20, 0xA0, 0x90);
    static final Rectangle IN_XTERM = new Rectangle(20, 40, 300, 200);
    static final Rectangle NOTIFICATION = new Rectangle(1150, 20, 110, 55);
    static final Color DENIED_DIALOG = new Color(0x70, 0x20, 0xB0);
    static final String ADAMS_BADGE = "04AD0001";
    static final String BAKER_BADGE = "04BA0002";
    static final String ADAMS_PASSWORD = "Adams-Shift-2026";
    static final String BAKER_PASSWORD = "Baker-Shift-2026";

    @TempDir
    Path dir;

    @AfterEach
    void removeTheCoverTheAgentLeft() {
        LeftoverCover.remove(X.server());
    }

    @Test
    void aShift(TlsMaterial tls) throws Exception {
        try (Terminal shift = new Terminal(dir, tls, "shift"); XClients clients = new XClients(X.server())) {
            ApplianceProcess appliance = shift.appliance;
            appliance.adminOk(ADAMS_PASSWORD + "\n", "user", "add", "dradams", "--display-name", "Dr Adams", "--password-stdin");
            appliance.adminOk(BAKER_PASSWORD + "\n", "user", "add", "drbaker", "--display-name", "Dr Baker", "--password-stdin");
            appliance.adminOk("", "badge", "link", BAKER_BADGE, "drbaker");
            shift.policy("");
            appliance.adminOk("", "package", "add", shift.packages.realAgent("2.0.0").toString());
            appliance.adminOk("", "package", "add", shift.packages.crashingAgent("3.0.0").toString());

            // 1. Boot: the loader installs the agent the appliance serves; the lock is up before any window shows.
            shift.boot(X.server(), "1.0.0");
            try (ExposureWatch day = ExposureWatch.start(X.server(), "shift", ADAMS_PATIENT, BAKER_PATIENT)) {
                clients.xterm(XTerm.withBackground(ADAMS_PATIENT).withGeometry("120x40+0+0"));
                Thread.sleep(1_000);
                day.close(); // what opened before anyone signed in was never seen
                assertThat(day.exposedAt()).isEmpty();
            }
            X.server().screenshot(Path.of("target/screenshots/shift-1-boot.png"));

            // 2. Dr Adams taps a badge nobody knows, links it with her password once, and is in.
            shift.tap(ADAMS_BADGE);
            await().atMost(Duration.ofSeconds(15)).until(() -> shift.agentLog().contains("lock screen shows the enroll view"));
            X.server().run("xdotool", "type", "--delay", "20", "dradams");
            X.server().run("xdotool", "key", "Tab");
            X.server().run("xdotool", "type", "--delay", "20", ADAMS_PASSWORD);
            X.server().run("xdotool", "key", "Return");
            await().atMost(Duration.ofSeconds(20)).until(() -> shift.agentLog().contains("-> UNLOCKED(dradams)"));
            assertThat(appliance.adminOk("", "badge", "list", "--full").out()).containsPattern(ADAMS_BADGE + "\\s+dradams");
            awaitVisible(ADAMS_PATIENT);
            X.server().screenshot(Path.of("target/screenshots/shift-2-adams-in.png"));

            // 3. She walks away: hidden, faded, locked on the policy's timings; the allowed notification shows.
            await().atMost(Duration.ofSeconds(15)).until(() -> shift.agentLog().contains("UNLOCKED(dradams) -> HIDDEN(dradams)"));
            assertThat(X.server().screenshot()).hasNoPixel(ADAMS_PATIENT);
            await().atMost(Duration.ofSeconds(20)).until(() -> shift.agentLog().contains("-> LOCKED(dradams) (idle"));
            awaitLockScreen();
            clients.xmessage("Bed 4: new results for Mr Smith", Color.WHITE, DENIED_DIALOG);
            clients.notification("Lab", "Results are in");
            // The notification bubble (white, top right) shows above the lock; the dialog nobody allowed does not.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(X.server().screenshot()).inRegion(NOTIFICATION).hasPixel(Color.WHITE));
            Thread.sleep(500);
            X.server().screenshot(Path.of("target/screenshots/shift-3-walked-away.png"));
            assertThat(X.server().screenshot()).hasNoPixel(ADAMS_PATIENT).hasNoPixel(DENIED_DIALOG);

            // 4. She taps in and out; Dr Baker taps over. Her window never shows to him.
            shift.tap(ADAMS_BADGE);
            await().atMost(Duration.ofSeconds(10)).until(() -> shift.count("-> UNLOCKED(dradams)") == 2);
            awaitVisible(ADAMS_PATIENT);
            shift.tap(ADAMS_BADGE);
            await().atMost(Duration.ofSeconds(10)).until(() -> shift.agentLog().contains("UNLOCKED(dradams) -> LOCKED(dradams) (badge"));
            try (ExposureWatch overTap = ExposureWatch.start(X.server(), "shift-tap-over", ADAMS_PATIENT)) {
                shift.tap(BAKER_BADGE);
                await().atMost(Duration.ofSeconds(15)).until(() -> shift.agentLog().contains("-> UNLOCKED(drbaker)"));
                Thread.sleep(1_000);
                overTap.close();
                assertThat(overTap.exposedAt()).as("Dr Adams's window seen after Dr Baker's tap").isEmpty();
            }
            assertThat(shift.agentLog()).contains("session of dradams ended before drbaker's");
            clients.xterm(XTerm.withBackground(BAKER_PATIENT).withGeometry("120x40+0+0"));
            awaitVisible(BAKER_PATIENT);
            X.server().screenshot(Path.of("target/screenshots/shift-4-baker-in.png"));
            shift.tap(BAKER_BADGE);
            await().atMost(Duration.ofSeconds(10)).until(() -> shift.agentLog().contains("UNLOCKED(drbaker) -> LOCKED(drbaker) (badge"));

            // 5. The appliance goes away: the lock says so, audit events queue; it comes back: they arrive.
            appliance.kill();
            shift.tap(BAKER_BADGE);
            await().atMost(Duration.ofSeconds(30)).until(() -> shift.agentLog().contains("(appliance answered attempt")
                    && shift.agentLog().contains("Unreachable"));
            Thread.sleep(800);
            X.server().screenshot(Path.of("target/screenshots/shift-5-appliance-down.png"));
            assertThat(X.server().screenshot()).hasNoPixel(BAKER_PATIENT);
            appliance.start();
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2)).until(() ->
                    appliance.adminOk("", "audit", "list", "--type", "appliance-unreachable").out().contains("drbaker"));

            // 6. The admin allows one more window: within seconds it shows above the lock.
            X.server().command("xclock", "-geometry", "160x160+1100+40", "-bg", "#30c030").start();
            shift.policy(",{\"nickname\":\"Clock\",\"wmClass\":\"XClock\",\"allowAllVariants\":true}");
            await().atMost(Duration.ofSeconds(15)).until(() -> shift.agentLog().contains("2 access-list entries"));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(X.server().screenshot()).inRegion(new Rectangle(1110, 60, 20, 20)).hasPixel(new Color(0x30, 0xc0, 0x30)));
            X.server().screenshot(Path.of("target/screenshots/shift-6-clock-allowed.png"));

            // 7. A new version installs at the next idle lock; a broken one is rolled back by itself.
            try (ExposureWatch update = ExposureWatch.start(X.server(), "shift-update", ADAMS_PATIENT, BAKER_PATIENT)) {
                appliance.adminOk("", "package", "run", "default", "2.0.0");
                shift.awaitBootLog("Agent 2.0.0 reported healthy");
                appliance.adminOk("", "package", "run", "default", "3.0.0");
                shift.awaitBootLog("Version 3.0.0 rolled back and quarantined");
                shift.awaitBootLog("Agent 2.0.0 started from slot b (pid");
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() ->
                        appliance.adminOk("", "audit", "list", "--type", "agent.rolled-back").out().contains("3.0.0"));
                update.close();
                assertThat(update.exposedAt()).isEmpty();
            }

            // 8. The agent is killed: nothing shows meanwhile, and it is back within seconds.
            long pid = shift.agentPid();
            try (ExposureWatch crash = ExposureWatch.start(X.server(), "shift-agent-killed", ADAMS_PATIENT, BAKER_PATIENT)) {
                ProcessHandle.of(pid).orElseThrow().destroyForcibly();
                shift.awaitBootLog("exited with code 137");
                await().atMost(Duration.ofSeconds(30)).until(() -> backLocked(shift, pid));
                Thread.sleep(3_000);
                crash.close();
                assertThat(crash.exposedAt()).isEmpty();
                assertThat(crash.samples()).isGreaterThan(5);
            }
            awaitLockScreen();
            shift.tap(BAKER_BADGE);
            await().atMost(Duration.ofSeconds(15)).until(() -> shift.count("-> UNLOCKED(drbaker)") == 2);

            // 9. Support fetches the bundle: the story of the day is in it, no password is.
            Path bundle = dir.resolve("imprivata_logs.zip");
            ProcessBuilder support = new ProcessBuilder(RepoRoot.path().resolve("packaging/deb/fetch_support_info").toString(),
                    bundle.toString()).redirectErrorStream(true);
            support.environment().put("TAPIN_CONFIG", shift.config.toString());
            Process fetch = support.start();
            String said = new String(fetch.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(fetch.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(fetch.exitValue()).as(said).isZero();
            String everything = readAll(bundle);
            assertThat(everything).contains("-> UNLOCKED(dradams)", "session of dradams ended before drbaker's",
                    "Version 3.0.0 rolled back and quarantined");
            assertThat(everything).doesNotContain(ADAMS_PASSWORD).doesNotContain(BAKER_PASSWORD);
            X.server().screenshot(Path.of("target/screenshots/shift-9-end.png"));
        }
    }

    /**
     * A new agent runs in place of {@code killed}: the loader names another pid, that agent says it runs under it,
     * and between the old agent's last "running" line and its own it started locked.
     */
    private static boolean backLocked(Terminal shift, long killed) throws IOException {
        long pid = shift.agentPid();
        if (pid == -1 || pid == killed) {
            return false;
        }
        List<String> lines = shift.agentLog().lines().toList();
        int running = -1;
        for (int i = 0; i < lines.size() && running < 0; i++) {
            if (lines.get(i).endsWith("agent running on display " + X.server().display() + " (pid " + pid + ")")) {
                running = i;
            }
        }
        for (int i = running - 1; i >= 0; i--) {
            if (lines.get(i).endsWith("session: LOCKED stays (agent started: always locked)")) {
                return true;
            }
            if (lines.get(i).contains("agent running on display")) {
                return false;
            }
        }
        return false;
    }

    private static void awaitVisible(Color color) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(X.server().screenshot()).inRegion(IN_XTERM).everyPixelIs(color));
    }

    private static void awaitLockScreen() {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                assertThat(X.server().screenshot()).inRegion(LockScreenPixels.CORNER).everyPixelIs(LockScreenPixels.BACKGROUND));
    }

    /** Every entry of the zip as text, for searching. */
    private static String readAll(Path zipFile) throws IOException {
        StringBuilder all = new StringBuilder();
        try (ZipFile zip = new ZipFile(zipFile.toFile())) {
            for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                all.append(new String(zip.getInputStream(e).readAllBytes(), StandardCharsets.ISO_8859_1)).append('\n');
            }
        }
        return all.toString();
    }
}
