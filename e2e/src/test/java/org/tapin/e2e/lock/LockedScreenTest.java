package org.tapin.e2e.lock;

import static org.tapin.testkit.x11.PixelAssertions.assertThat;

import java.awt.Color;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.tapin.agent.daemon.AccessListWindowPolicy;
import org.tapin.agent.policy.AccessEntry;
import org.tapin.agent.policy.AccessListMatcher;
import org.tapin.testkit.x11.XClients;
import org.tapin.testkit.x11.XServerExtension;
import org.tapin.testkit.x11.XTerm;
import org.tapin.x11.cover.Cover;

/** The cover and enforcer judged by the real access-list matcher, with and without a window manager. */
class LockedScreenTest {

    static final Color VNC = new Color(0x10, 0x90, 0x30);
    static final Color IMPOSTOR = new Color(0xB0, 0x10, 0x60);
    static final Color CHART = new Color(0xC0, 0x80, 0x10);

    /** "VNC prompt" is pinned to /usr/bin/xterm: a window from another program with the same class is not it. */
    static final AccessListMatcher PINNED = AccessListMatcher.of(List.of(
            new AccessEntry("VNC prompt", null, "Vncgui", "vncgui", false, "/usr/bin/xterm")));

    static void lockAndCheck(XServerExtension x, Path dir, String shotName) throws Exception {
        // The impostor copies the allowed WM_CLASS but is another program (a copy of xterm under another path).
        Path impostorBinary = dir.resolve("not-xterm");
        Files.copy(Path.of("/usr/bin/xterm"), impostorBinary);
        impostorBinary.toFile().setExecutable(true);
        try (XClients clients = new XClients(x.server()); Cover cover = new Cover(x.server().display()).start()) {
            clients.xterm(XTerm.withBackground(CHART).withClass("chart", "Chart").withGeometry("60x20+0+0"));
            cover.policy(new AccessListWindowPolicy(PINNED));
            cover.engage();
            clients.xterm(XTerm.withBackground(VNC).withClass("vncgui", "Vncgui").withGeometry("40x10+500+100"));
            Process impostor = x.server().command(impostorBinary.toString(), "-class", "Vncgui", "-name", "vncgui",
                    "-bg", "#b01060", "-geometry", "40x10+500+400").start();
            try {
                Thread.sleep(1_500);
                x.server().screenshot(Path.of("target/screenshots/" + shotName + ".png"));
                assertThat(x.server().screenshot()).hasPixel(VNC).hasNoPixel(IMPOSTOR).hasNoPixel(CHART);
            } finally {
                impostor.destroyForcibly();
                cover.release();
                cover.dispose();
            }
        }
    }

    /**
     * The seed's all-variants entry for desktop notifications lets a notify-send bubble show above the lock;
     * an xmessage and a zenity dialog have no entry and never show. Colours are read from the screenshots:
     * xmessage is drawn in a colour of its own, zenity and the bubble are found by WM_CLASS and position.
     */
    @Nested
    class RealClients {
        @RegisterExtension
        static final XServerExtension X = XServerExtension.withOpenbox().withNotifications();

        static final Color XMESSAGE = new Color(0x70, 0x20, 0xB0);

        @Test
        void aNotificationAllowedByAllVariantsShowsAndDeniedDialogsDoNot() throws Exception {
            AccessListMatcher seed = AccessListMatcher.of(List.of(
                    new AccessEntry("Desktop notifications", null, "Xfce4-notifyd", null, true, null)));
            try (XClients clients = new XClients(X.server()); Cover cover = new Cover(X.server().display()).start()) {
                cover.policy(new AccessListWindowPolicy(seed));
                cover.engage();
                clients.xmessage("Ward 3: bed 4 results ready", Color.WHITE, XMESSAGE);
                var zenity = clients.zenityInfo("Patient Smith: allergy");
                var bubble = clients.notification("Network", "connected");
                Thread.sleep(1_000);
                var shot = X.server().screenshot();
                X.server().screenshot(Path.of("target/screenshots/locked-notification-only.png"));
                assertThat(shot).hasNoPixel(XMESSAGE);
                String tree = X.server().run("xwininfo", "-root", "-tree");
                org.assertj.core.api.Assertions.assertThat(tree).contains("xfce4-notifyd");
                // The bubble's area is not black (it shows); the zenity dialog's area is black (hidden).
                assertThat(shot).inRegion(area(X, zenity.windowHex())).everyPixelIs(Color.BLACK);
                org.assertj.core.api.Assertions.assertThat(nonBlack(shot, area(X, bubble.windowHex())))
                        .as("the notification bubble is visible above the lock").isGreaterThan(100);
                cover.release();
                cover.dispose();
            }
        }

        static java.awt.Rectangle area(XServerExtension x, String windowHex) {
            String info = x.server().run("xwininfo", "-id", windowHex);
            int left = value(info, "Absolute upper-left X:"), top = value(info, "Absolute upper-left Y:");
            return new java.awt.Rectangle(left, top, value(info, "Width:"), value(info, "Height:"));
        }

        static int value(String info, String label) {
            return info.lines().filter(l -> l.trim().startsWith(label)).findFirst()
                    .map(l -> Integer.parseInt(l.substring(l.indexOf(':') + 1).trim())).orElseThrow();
        }

        static int nonBlack(java.awt.image.BufferedImage shot, java.awt.Rectangle r) {
            int n = 0;
            for (int y = Math.max(0, r.y); y < Math.min(shot.getHeight(), r.y + r.height); y++) {
                for (int x = Math.max(0, r.x); x < Math.min(shot.getWidth(), r.x + r.width); x++) {
                    if ((shot.getRGB(x, y) & 0xFFFFFF) != 0) {
                        n++;
                    }
                }
            }
            return n;
        }
    }

    @Nested
    class WithOpenbox {
        @RegisterExtension
        static final XServerExtension X = XServerExtension.withOpenbox();

        @Test
        void onlyThePinnedProgramShowsAboveTheLock(@TempDir Path dir) throws Exception {
            lockAndCheck(X, dir, "locked-pinned-openbox");
        }
    }

    @Nested
    class LockScreenWindows {
        @RegisterExtension
        static final XServerExtension X = XServerExtension.withOpenbox();

        @Test
        void theLockUisOwnProcessIsTrustedByPidNotByName() throws Exception {
            try (XClients clients = new XClients(X.server()); Cover cover = new Cover(X.server().display()).start()) {
                var lockUi = clients.xterm(XTerm.withBackground(VNC).withClass("tapin-lockscreen", "TapinLockscreen")
                        .withGeometry("40x10+100+100"));
                long uiPid = lockUi.process().orElseThrow().pid();
                cover.policy(new AccessListWindowPolicy(AccessListMatcher.of(List.of()), java.util.Set.of(uiPid)));
                cover.engage();
                // Another program copying the lock UI's class and name is not trusted.
                clients.xterm(XTerm.withBackground(IMPOSTOR).withClass("tapin-lockscreen", "TapinLockscreen")
                        .withGeometry("40x10+600+100"));
                Thread.sleep(1_000);
                assertThat(X.server().screenshot()).hasPixel(VNC).hasNoPixel(IMPOSTOR);
                cover.release();
                cover.dispose();
            }
        }
    }

    @Nested
    class WithoutWindowManager {
        @RegisterExtension
        static final XServerExtension X = XServerExtension.withoutWindowManager();

        @Test
        void onlyThePinnedProgramShowsAboveTheLock(@TempDir Path dir) throws Exception {
            lockAndCheck(X, dir, "locked-pinned-no-wm");
        }
    }
}
