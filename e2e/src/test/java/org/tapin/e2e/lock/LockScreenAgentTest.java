package org.tapin.e2e.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.tapin.testkit.x11.PixelAssertions.assertThat;

import java.awt.Color;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.tapin.testkit.x11.XClients;
import org.tapin.testkit.x11.XServerExtension;
import org.tapin.testkit.x11.XTerm;
import org.tapin.x11.cover.Cover;

/**
 * The agent and its lock-screen overlay as real processes ({@code ./tapin agent}) on Xvfb with openbox, over a
 * desktop showing patient data: it locks at once, takes a typed password, resists the usual escape keys and
 * survives the overlay being killed without showing a pixel of the desktop.
 */
class LockScreenAgentTest {

    @RegisterExtension
    static final XServerExtension X = XServerExtension.withOpenbox().size(1280, 800);

    static final Color PATIENT_DATA = new Color(0xC0, 0x20, 0x90);
    static final Color BACKGROUND = LockScreenPixels.BACKGROUND;
    static final Rectangle CORNER = LockScreenPixels.CORNER;
    /** Where the power menu opens, above its button in the bottom right corner; white only while it is open. */
    static final Rectangle POWER_MENU = new Rectangle(1100, 610, 150, 130);
    static final String PASSWORD = "Planted-S3cret-4711";

    @AfterEach
    void removeTheCoverTheAgentLeft() {
        try (Cover leftover = new Cover(X.server().display()).start()) {
            leftover.dispose(); // a stopped agent leaves the screen locked, by design
        }
    }

    @Test
    void locksAtOnceAndATypedPasswordReachesTheAgentAndNothingElse(@TempDir Path dir) throws Exception {
        try (XClients clients = new XClients(X.server())) {
            clients.xterm(XTerm.withBackground(PATIENT_DATA).withGeometry("120x40+0+0"));
            assertThat(X.server().screenshot()).hasPixel(PATIENT_DATA);
            try (AgentProcess agent = AgentProcess.start(X.server(), dir, "")) {
                assertThat(X.server().screenshot()).hasNoPixel(PATIENT_DATA);
                agent.awaitOverlay();
                awaitLockScreen();
                X.server().screenshot(Path.of("target/screenshots/agent-idle.png"));
                // A locked screen left alone costs next to no CPU only if JavaFX's pulse timer was swapped for
                // the sleeping one; a JavaFX whose internals changed would keep the stock timer, and say so.
                await().atMost(Duration.ofSeconds(10)).until(() -> agent.overlayLog().contains("overlay: pulse timer"));
                assertThat(agent.overlayLog()).contains("overlay: pulse timer sleeps while the screen does not change")
                        .doesNotContain("pulse timer kept");

                // Any key asks for the password form; F2 types nothing if the form is already up. Pressed again
                // until it works, as a user would, because the overlay takes a moment to get the focus after start.
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500)).until(() -> {
                    X.server().run("xdotool", "key", "F2");
                    return agent.log().contains("(password form requested)");
                });
                await().atMost(Duration.ofSeconds(10)).until(() -> agent.log().contains("lock screen shows the password view"));
                X.server().run("xdotool", "type", "--delay", "20", "drgrey");
                X.server().run("xdotool", "key", "Tab");
                X.server().run("xdotool", "type", "--delay", "20", PASSWORD);
                X.server().screenshot(Path.of("target/screenshots/agent-password.png"));
                assertThat(X.server().screenshot()).hasNoPixel(PATIENT_DATA);
                X.server().run("xdotool", "key", "Return");
                await().atMost(Duration.ofSeconds(10)).until(() -> agent.log().contains("(password submitted for drgrey)"));
                await().atMost(Duration.ofSeconds(10)).until(() -> agent.log().contains("Unreachable"));
                Thread.sleep(500);
                X.server().screenshot(Path.of("target/screenshots/agent-unreachable.png"));
                assertThat(X.server().screenshot()).hasNoPixel(PATIENT_DATA);

                assertThat(everyFileUnder(dir)).as("logs, audit journal, overlay output").doesNotContain(PASSWORD);
                assertThat(everyCommandLine()).doesNotContain(PASSWORD);
            }
        }
    }

    @Test
    void escapeF11AltF4AndAltTabLeaveTheLockInPlace(@TempDir Path dir) throws Exception {
        try (XClients clients = new XClients(X.server())) {
            clients.xterm(XTerm.withBackground(PATIENT_DATA).withGeometry("120x40+0+0"));
            try (AgentProcess agent = AgentProcess.start(X.server(), dir, "")) {
                agent.awaitOverlay();
                awaitLockScreen();
                for (String keys : List.of("Escape", "F11", "alt+F4", "alt+Tab", "super", "ctrl+alt+BackSpace")) {
                    X.server().run("xdotool", "key", keys);
                    for (int i = 0; i < 5; i++) {
                        Thread.sleep(60);
                        assertThat(X.server().screenshot()).as("after %s", keys).hasNoPixel(PATIENT_DATA);
                    }
                }
                awaitLockScreen();
                assertThat(agent.process().isAlive()).isTrue();
            }
        }
    }

    @Test
    void killingTheOverlayShowsNoContentAndItComesBack(@TempDir Path dir) throws Exception {
        try (XClients clients = new XClients(X.server())) {
            clients.xterm(XTerm.withBackground(PATIENT_DATA).withGeometry("120x40+0+0"));
            try (AgentProcess agent = AgentProcess.start(X.server(), dir, "")) {
                ProcessHandle first = agent.awaitOverlay();
                awaitLockScreen();
                first.destroyForcibly(); // kill -9
                List<BufferedImage> frames = new ArrayList<>();
                long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                while (System.nanoTime() < end) {
                    frames.add(X.server().screenshot());
                    Thread.sleep(50);
                }
                for (int i = 0; i < frames.size(); i++) {
                    assertThat(frames.get(i)).as("frame %d of %d after kill -9", i, frames.size()).hasNoPixel(PATIENT_DATA);
                }
                ProcessHandle second = agent.awaitOverlay();
                assertThat(second.pid()).isNotEqualTo(first.pid());
                awaitLockScreen();
                assertThat(agent.log()).contains("lock-screen overlay ended", "lock-screen overlay started (pid " + second.pid() + ")");
            }
        }
    }

    @Test
    void aHungOverlayIsReplacedAndTheLockHolds(@TempDir Path dir) throws Exception {
        try (XClients clients = new XClients(X.server())) {
            clients.xterm(XTerm.withBackground(PATIENT_DATA).withGeometry("120x40+0+0"));
            try (AgentProcess agent = AgentProcess.start(X.server(), dir, "")) {
                ProcessHandle hung = agent.awaitOverlay();
                awaitLockScreen();
                new ProcessBuilder("kill", "-STOP", Long.toString(hung.pid())).start().waitFor(); // frozen, not dead
                await().atMost(Duration.ofSeconds(20)).until(() -> agent.overlay().map(p -> p.pid() != hung.pid()).orElse(false));
                assertThat(hung.isAlive()).as("the hung overlay was killed").isFalse();
                assertThat(agent.log()).contains("(pid " + hung.pid() + ") stopped answering");
                assertThat(X.server().screenshot()).hasNoPixel(PATIENT_DATA);
                awaitLockScreen();
            }
        }
    }

    @Test
    void thePowerMenuRestartsThroughTheConfiguredCommandAndOffersExitOnlyWithCtrl(@TempDir Path dir) throws Exception {
        Path restarted = dir.resolve("restarted");
        String config = "[lockscreen]\nallow-exit = True\nreboot-command = /usr/bin/touch " + restarted + "\n";
        try (AgentProcess agent = AgentProcess.start(X.server(), dir, config)) {
            agent.awaitOverlay();
            awaitLockScreen();
            openPowerMenu(true);
            X.server().screenshot(Path.of("target/screenshots/agent-power-menu-with-exit.png"));
            chooseFromPowerMenu(2); // Restart, Shut down, Exit agent
            await().atMost(Duration.ofSeconds(10)).until(() -> agent.log().contains("(exit requested)"));
            assertThat(agent.process().isAlive()).as("exit asks for a password first").isTrue();
            X.server().run("xdotool", "key", "Escape");

            openPowerMenu(false); // no Ctrl: restart and shut down
            X.server().screenshot(Path.of("target/screenshots/agent-power-menu.png"));
            chooseFromPowerMenu(0); // Restart
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(restarted));
            assertThat(agent.log()).contains("(power menu: reboot)", "running /usr/bin/touch " + restarted);
        }
    }

    /**
     * Points at the power button from elsewhere, as a hand does (the button sees the pointer arrive before the
     * click), clicks, moves away, and waits until the menu is on the screen; clicks again when a busy machine
     * swallowed the click.
     */
    private static void openPowerMenu(boolean withCtrl) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
            List<String> click = new ArrayList<>(List.of("xdotool", "mousemove", "600", "400", "sleep", "0.3",
                    "mousemove", "1200", "750", "sleep", "0.3"));
            click.addAll(withCtrl ? List.of("keydown", "ctrl", "click", "1", "keyup", "ctrl") : List.of("click", "1"));
            // Away before the menu opens: a menu that opens under the pointer highlights the item there, and the
            // keys pressed next would start from it.
            click.addAll(List.of("mousemove", "600", "400"));
            X.server().run(click.toArray(String[]::new));
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                    assertThat(X.server().screenshot()).inRegion(POWER_MENU).hasPixel(Color.WHITE));
        });
    }

    /**
     * Clicks the menu's item {@code index}, found on the screen: the menu is the white box in the bottom right,
     * with 8 px of padding above items 48 px high. (Keys are no good here: a menu that opens under the pointer
     * starts from the item there, and whether it does depends on where the window manager placed it.)
     */
    private static void chooseFromPowerMenu(int index) {
        BufferedImage shot = X.server().screenshot();
        int top = Integer.MAX_VALUE;
        int left = Integer.MAX_VALUE;
        for (int y = 500; y < shot.getHeight(); y++) {
            for (int x = 1000; x < shot.getWidth(); x++) {
                if ((shot.getRGB(x, y) & 0xFFFFFF) == 0xFFFFFF) {
                    top = Math.min(top, y);
                    left = Math.min(left, x);
                }
            }
        }
        assertThat(top).as("the power menu is on the screen").isLessThan(Integer.MAX_VALUE);
        X.server().run("xdotool", "mousemove", Integer.toString(left + 60), Integer.toString(top + 8 + 48 * index + 24),
                "sleep", "0.3", "click", "1");
    }

    private static void awaitLockScreen() {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                assertThat(X.server().screenshot()).inRegion(CORNER).everyPixelIs(BACKGROUND));
    }

    private static String everyFileUnder(Path dir) throws Exception {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                all.append(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
            }
        }
        return all.toString();
    }

    private static String everyCommandLine() {
        StringBuilder all = new StringBuilder();
        ProcessHandle.allProcesses().forEach(p -> p.info().commandLine().ifPresent(c -> all.append(c).append('\n')));
        return all.toString();
    }
}
