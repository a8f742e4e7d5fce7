package org.tapin.e2e.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.tapin.testkit.x11.PixelAssertions.assertThat;

import java.awt.Color;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.tapin.e2e.appliance.ApplianceProcess;
import org.tapin.testkit.tls.TlsMaterial;
import org.tapin.testkit.tls.TlsMaterialExtension;
import org.tapin.testkit.x11.XClients;
import org.tapin.testkit.x11.XServerExtension;
import org.tapin.testkit.x11.XTerm;
import org.tapin.x11.cover.Cover;

/**
 * Walk-away with the whole stack: the reference appliance over TLS serves the computer policy (hide 2 s, fade
 * 1 s, lock 4 s), Dr Grey signs in with her password at the real lock screen, then leaves the keyboard alone.
 * Idle time is the X server's. Then a policy without hiding: the desktop fades and a mouse move cancels it.
 */
@ExtendWith(TlsMaterialExtension.class)
class WalkAwayTest {

    @RegisterExtension
    static final XServerExtension X = XServerExtension.withOpenbox().size(1280, 800);

    static final Color PATIENT_DATA = new Color(0xC0, 0x20, 0x90);
    static final Rectangle IN_XTERM = new Rectangle(20, 40, 300, 200);
    static final String PASSWORD = "Grey-Walks-4way";
    static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");

    @AfterEach
    void removeTheCoverTheAgentLeft() {
        LeftoverCover.remove(X.server());
    }

    @Test
    void hidesFadesAndLocksOnThePolicysTimingsAndActivityCancelsAFade(TlsMaterial tls, @TempDir Path dir) throws Exception {
        try (ApplianceProcess appliance = new ApplianceProcess(Files.createDirectories(dir.resolve("appliance")), tls).start();
                XClients clients = new XClients(X.server())) {
            appliance.adminOk(PASSWORD + "\n", "user", "add", "drgrey", "--display-name", "Dr Grey", "--password-stdin");
            setPolicy(appliance, dir, 2, 1, 4);
            clients.xterm(XTerm.withBackground(PATIENT_DATA).withGeometry("120x40+0+0"));
            String agentKeys = "appliances = " + appliance.uri() + "\nca-certs-dir = " + tls.caFolder();
            try (AgentProcess agent = AgentProcess.start(X.server(), dir.resolve("agent"), agentKeys, "")) {
                agent.awaitOverlay();
                await().atMost(Duration.ofSeconds(20)).until(() -> agent.log().contains("walk-away hide 2 s, fade 1 s, lock 4 s"));
                signIn(agent, "drgrey");
                await().atMost(Duration.ofSeconds(10)).until(() -> agent.log().contains("-> UNLOCKED(drgrey)"));
                await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                        assertThat(X.server().screenshot()).inRegion(IN_XTERM).everyPixelIs(PATIENT_DATA));

                // Hands off: hidden at 2 s, the hidden screen fades during the last second, locked at 4 s.
                await().atMost(Duration.ofSeconds(3)).until(() -> agent.log().contains("-> HIDDEN(drgrey)"));
                assertThat(X.server().screenshot()).hasNoPixel(PATIENT_DATA);
                await().atMost(Duration.ofMillis(1500)).untilAsserted(() -> assertThat(X.server().screenshot())
                        .inRegion(LockScreenPixels.CORNER).everyPixelIs(LockScreenPixels.BACKGROUND));
                X.server().screenshot(Path.of("target/screenshots/walkaway-hidden.png"));
                await().atMost(Duration.ofSeconds(10)).until(() -> agent.log().contains("-> LOCKED(drgrey)"));
                String log = agent.log();
                double hidden = secondsBetween(log, "-> UNLOCKED(drgrey)", "-> HIDDEN(drgrey)");
                double locked = secondsBetween(log, "-> UNLOCKED(drgrey)", "-> LOCKED(drgrey)");
                assertThat(hidden).as("hidden after (s)").isBetween(1.5, 3.0);
                assertThat(locked).as("locked after (s)").isBetween(3.5, 5.0);
                await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(X.server().screenshot())
                        .inRegion(LockScreenPixels.CORNER).everyPixelIs(LockScreenPixels.BACKGROUND));
                X.server().screenshot(Path.of("target/screenshots/walkaway-locked.png"));
                assertThat(X.server().screenshot()).hasNoPixel(PATIENT_DATA);

                // No hiding now: the desktop itself fades, and moving the mouse during the fade cancels it.
                setPolicy(appliance, dir, 0, 3, 6);
                await().atMost(Duration.ofSeconds(20)).until(() -> agent.log().contains("walk-away hide 0 s, fade 3 s, lock 6 s"));
                signIn(agent, "");
                await().atMost(Duration.ofSeconds(10)).until(() -> agent.log().split("-> UNLOCKED\\(drgrey\\)", -1).length == 3);
                await().atMost(Duration.ofSeconds(10)).until(() -> agent.log().contains("UNLOCKED(drgrey) -> FADING(drgrey)"));
                Thread.sleep(1_500); // about half-way through the 3 s fade
                BufferedImage halfway = X.server().screenshot();
                javax.imageio.ImageIO.write(halfway, "png", Files.createDirectories(Path.of("target/screenshots"))
                        .resolve("walkaway-fade-halfway.png").toFile());
                assertThat(blackShare(halfway)).as("share of the xterm darkened half-way").isBetween(0.2, 0.8);
                X.server().run("xdotool", "mousemove_relative", "--", "5", "5");
                await().atMost(Duration.ofSeconds(3)).until(() -> agent.log().contains("FADING(drgrey) -> UNLOCKED(drgrey)"));
                await().atMost(Duration.ofSeconds(2)).untilAsserted(() ->
                        assertThat(X.server().screenshot()).inRegion(IN_XTERM).everyPixelIs(PATIENT_DATA));
                assertThat(agent.log()).doesNotContain(PASSWORD);
            }
        }
    }

    private static void signIn(AgentProcess agent, String username) throws Exception {
        int before = agent.log().split("\\(password form requested\\)", -1).length;
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500)).until(() -> {
            X.server().run("xdotool", "key", "F2");
            return agent.log().split("\\(password form requested\\)", -1).length > before;
        });
        Thread.sleep(500);
        if (!username.isEmpty()) {
            X.server().run("xdotool", "type", "--delay", "20", username);
            X.server().run("xdotool", "key", "Tab");
        }
        X.server().run("xdotool", "type", "--delay", "20", PASSWORD);
        X.server().run("xdotool", "key", "Return");
    }

    private static void setPolicy(ApplianceProcess appliance, Path dir, int hide, int fade, int lock) throws Exception {
        Path policy = Files.writeString(dir.resolve("policy-" + hide + "-" + fade + "-" + lock + ".json"), """
                {"lockScreenAccess": [],
                 "walkAway": {"hideSeconds": %d, "fadeSeconds": %d, "lockSeconds": %d},
                 "allowExit": false}""".formatted(hide, fade, lock));
        appliance.adminOk("", "policy", "set", "default", policy.toString());
    }

    /** Seconds between the first log line containing {@code from} and the first after it containing {@code to}. */
    private static double secondsBetween(String log, String from, String to) {
        LocalDateTime start = null;
        for (String line : log.lines().toList()) {
            if (start == null && line.contains(from)) {
                start = LocalDateTime.parse(line.substring(0, 23), LOG_TIME);
            } else if (start != null && line.contains(to)) {
                return Duration.between(start, LocalDateTime.parse(line.substring(0, 23), LOG_TIME)).toMillis() / 1000.0;
            }
        }
        throw new AssertionError("no \"" + from + "\" followed by \"" + to + "\" in the log");
    }

    private static double blackShare(BufferedImage shot) {
        int black = 0;
        for (int y = IN_XTERM.y; y < IN_XTERM.y + IN_XTERM.height; y++) {
            for (int x = IN_XTERM.x; x < IN_XTERM.x + IN_XTERM.width; x++) {
                black += (shot.getRGB(x, y) & 0xFFFFFF) == 0 ? 1 : 0;
            }
        }
        return black / (double) (IN_XTERM.width * IN_XTERM.height);
    }
}
