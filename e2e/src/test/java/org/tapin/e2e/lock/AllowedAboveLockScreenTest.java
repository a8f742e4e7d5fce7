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
import java.util.Arrays;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.tapin.e2e.appliance.ApplianceProcess;
import org.tapin.testkit.tls.TlsMaterial;
import org.tapin.testkit.tls.TlsMaterialExtension;
import org.tapin.testkit.x11.XClient;
import org.tapin.testkit.x11.XClients;
import org.tapin.testkit.x11.XServerExtension;
import org.tapin.testkit.x11.XTerm;

/**
 * The lock-screen access list with the real agent and its overlay, under openbox, under xfwm4 and without a
 * window manager, with a notification daemon:
 * while locked, an allowed xterm and an allowed notification bubble show above the lock screen, a denied xterm
 * never shows, and a password typed meanwhile still reaches the lock screen. After unlock both xterms are
 * ordinary windows again: nothing the agent did to show the allowed one is left on it.
 */
@ExtendWith(TlsMaterialExtension.class)
class AllowedAboveLockScreenTest {

    @Nested
    class UnderOpenbox extends Proof {
        @RegisterExtension
        static final XServerExtension X = XServerExtension.withOpenbox().withNotifications().size(1280, 800);

        UnderOpenbox() {
            super(X, "openbox");
        }
    }

    /**
     * xfwm4 has no {@code _NET_RESTACK_WINDOW} and ignores restacks of its frames by other clients: the agent lifts
     * the allowed xterm with the synthetic ConfigureRequest of ICCCM 4.1.5 instead.
     */
    @Nested
    class UnderXfwm4 extends Proof {
        @RegisterExtension
        static final XServerExtension X = XServerExtension.withXfwm4().withNotifications().size(1280, 800);

        UnderXfwm4() {
            super(X, "xfwm4");
        }
    }

    @Nested
    class WithoutWindowManager extends Proof {
        @RegisterExtension
        static final XServerExtension X = XServerExtension.withoutWindowManager().withNotifications().size(1280, 800);

        WithoutWindowManager() {
            super(X, "no-wm");
        }
    }

    /** The one proof, run by each variant above on its own X server; {@code shotName} tells their screenshots apart. */
    abstract static class Proof {
        private final XServerExtension x;
        private final String shotName;

        Proof(XServerExtension x, String shotName) {
            this.x = x;
            this.shotName = shotName;
        }

        @AfterEach
        void removeTheCoverTheAgentLeft() {
            LeftoverCover.remove(x.server());
        }

        @Test
        void allowedWindowsShowAboveTheLockScreenDeniedOnesNeverAndUnlockLeavesThemAlone(TlsMaterial tls, @TempDir Path dir)
                throws Exception {
            lockShowAndUnlock(x, tls, dir, shotName);
        }
    }

    static final Color ALLOWED = new Color(0x10, 0x90, 0x30);
    static final Color DENIED = new Color(0xB0, 0x10, 0x60);
    /** Where the notification daemon puts its bubble: the top right corner, clear of the lock screen's text. */
    static final Rectangle BUBBLE_CORNER = new Rectangle(1000, 0, 280, 150);
    static final String PASSWORD = "Grey-Sees-A11owed";

    static void lockShowAndUnlock(XServerExtension x, TlsMaterial tls, Path dir, String shotName) throws Exception {
        try (ApplianceProcess appliance = new ApplianceProcess(Files.createDirectories(dir.resolve("appliance")), tls).start();
                XClients clients = new XClients(x.server())) {
            appliance.adminOk(PASSWORD + "\n", "user", "add", "drgrey", "--display-name", "Dr Grey", "--password-stdin");
            Path policy = Files.writeString(dir.resolve("policy.json"), """
                    {"lockScreenAccess": [
                       {"nickname": "VNC prompt", "wmClass": "Vncgui", "appInstance": "vncgui"},
                       {"nickname": "Desktop notifications", "wmClass": "Xfce4-notifyd", "allowAllVariants": true}],
                     "allowExit": false}""");
            appliance.adminOk("", "policy", "set", "default", policy.toString());
            String agentKeys = "appliances = " + appliance.uri() + "\nca-certs-dir = " + tls.caFolder();
            try (AgentProcess agent = AgentProcess.start(x.server(), dir.resolve("agent"), agentKeys, "")) {
                agent.awaitOverlay();
                await().atMost(Duration.ofSeconds(20)).until(() -> agent.log().contains("applied: 2 access-list entries"));
                awaitLockScreen(x);

                XClient allowed = clients.xterm(XTerm.withBackground(ALLOWED).withClass("vncgui", "Vncgui")
                        .withGeometry("40x10+300+150"));
                XClient denied = clients.xterm(XTerm.withBackground(DENIED).withGeometry("40x10+700+150"));
                clients.notification("Network", "connected");
                // The denied xterm never shows, not even for a frame, while the allowed windows come up.
                long end = System.nanoTime() + Duration.ofSeconds(3).toNanos();
                for (int frame = 0; System.nanoTime() < end; frame++) {
                    assertThat(x.server().screenshot()).as("frame %d", frame).hasNoPixel(DENIED);
                    Thread.sleep(50);
                }
                await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(x.server().screenshot())
                        .hasPixel(ALLOWED).hasNoPixel(DENIED));
                BufferedImage locked = x.server().screenshot();
                x.server().screenshot(Path.of("target/screenshots/allowed-above-lock-screen-" + shotName + ".png"));
                assertThat(locked).as("the lock screen is still there around them")
                        .inRegion(LockScreenPixels.CORNER).everyPixelIs(LockScreenPixels.BACKGROUND);
                assertThat(locked).as("the notification bubble").inRegion(BUBBLE_CORNER).hasPixel(Color.WHITE);

                signIn(x, agent);
                await().atMost(Duration.ofSeconds(10)).until(() -> agent.log().contains("-> UNLOCKED(drgrey)"));
                await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(x.server().screenshot())
                        .hasPixel(ALLOWED).hasPixel(DENIED));
                x.server().screenshot(Path.of("target/screenshots/allowed-above-lock-screen-" + shotName + "-unlocked.png"));
                assertThat(wmState(x, allowed)).as("the allowed xterm's window-manager state after unlock")
                        .isEqualTo(wmState(x, denied)).doesNotContain("ABOVE");
            }
        }
    }

    /**
     * The window-manager state, without {@code _NET_WM_STATE_FOCUSED}: xfwm4 sets it on whichever xterm has the
     * focus after unlock, which says nothing about what the agent left behind.
     */
    private static String wmState(XServerExtension x, XClient client) {
        String state = x.server().run("xprop", "-id", client.windowHex(), "_NET_WM_STATE");
        String atoms = state.contains("=") ? state.substring(state.indexOf('=') + 1).trim() : "";
        return Arrays.stream(atoms.split(",")).map(String::trim)
                .filter(a -> !a.isEmpty() && !a.equals("_NET_WM_STATE_FOCUSED")).sorted()
                .collect(Collectors.joining(", "));
    }

    private static void signIn(XServerExtension x, AgentProcess agent) throws Exception {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500)).until(() -> {
            x.server().run("xdotool", "key", "F2");
            return agent.log().contains("(password form requested)");
        });
        Thread.sleep(500);
        x.server().run("xdotool", "type", "--delay", "20", "drgrey");
        x.server().run("xdotool", "key", "Tab");
        x.server().run("xdotool", "type", "--delay", "20", PASSWORD);
        x.server().run("xdotool", "key", "Return");
    }

    private static void awaitLockScreen(XServerExtension x) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                assertThat(x.server().screenshot()).inRegion(LockScreenPixels.CORNER).everyPixelIs(LockScreenPixels.BACKGROUND));
    }
}
