package org.tapin.x11.cover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tapin.testkit.x11.PixelAssertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tapin.testkit.x11.XClient;
import org.tapin.testkit.x11.XClients;
import org.tapin.testkit.x11.XServerExtension;
import org.tapin.testkit.x11.XTerm;
import org.tapin.x11.window.WindowPolicy;

/** Locked: denied windows never show, allowed ones show above the cover. Real xterms, Xvfb, openbox. */
class EnforcerTest {

    @RegisterExtension
    static final XServerExtension X = XServerExtension.withOpenbox();

    static final Color PATIENT_DATA = new Color(0xC0, 0x20, 0x90);
    static final Color ALLOWED = new Color(0x20, 0xA0, 0x40);
    static final WindowPolicy ALLOW_VNC = w -> w.wmClass().equals("Vncgui");

    @AfterEach
    void removeCover() {
        try (Cover leftover = new Cover(X.server().display()).start()) {
            leftover.dispose();
        }
    }

    @Test
    void aDeniedWindowMappedWhileLockedNeverShowsAndAnAllowedOneDoes() throws Exception {
        try (XClients clients = new XClients(X.server()); Cover cover = new Cover(X.server().display()).start()) {
            cover.policy(ALLOW_VNC);
            cover.engage();
            clients.xterm(XTerm.withBackground(PATIENT_DATA).withClass("chart", "Chart").withGeometry("80x24+0+0"));
            XClient vnc = clients.xterm(XTerm.withBackground(ALLOWED).withClass("vncgui", "Vncgui")
                    .withTitle("Shadowing on").withGeometry("60x20+300+200"));
            for (int i = 0; i < 10; i++) {
                Thread.sleep(100);
                assertThat(X.server().screenshot()).hasNoPixel(PATIENT_DATA);
            }
            BufferedImage locked = X.server().screenshot();
            X.server().screenshot(Path.of("target/screenshots/enforcer-locked-allowed-vnc-only.png"));
            assertThat(locked).hasNoPixel(PATIENT_DATA).hasPixel(ALLOWED);
            vnc.close();
            cover.release();
            assertThat(X.server().screenshot()).hasPixel(PATIENT_DATA);
        }
    }

    @Test
    void anAllowedWindowThatRenamesItselfIsJudgedAgain() throws Exception {
        try (XClients clients = new XClients(X.server()); Cover cover = new Cover(X.server().display()).start()) {
            cover.policy(w -> w.wmClass().equals("Vncgui") && w.name().equals("Shadowing on"));
            cover.engage();
            XClient vnc = clients.xterm(XTerm.withBackground(ALLOWED).withClass("vncgui", "Vncgui")
                    .withTitle("Shadowing on").withGeometry("60x20+300+200"));
            Thread.sleep(500);
            assertThat(X.server().screenshot()).hasPixel(ALLOWED);
            X.server().run("xprop", "-id", vnc.windowHex(), "-f", "_NET_WM_NAME", "8u", "-set", "_NET_WM_NAME", "Ward 3");
            Thread.sleep(500);
            assertThat(X.server().screenshot()).hasNoPixel(ALLOWED);
            cover.release();
        }
    }

    @Test
    void anOverrideRedirectWindowRaisingItselfInALoopStaysHidden() throws Exception {
        try (XClients clients = new XClients(X.server()); Cover cover = new Cover(X.server().display()).start()) {
            cover.policy(WindowPolicy.NOTHING);
            cover.engage();
            // xterm -xrm overrideRedirect gives an unmanaged window; a shell loop raises it as fast as it can.
            XClient hostile = clients.xterm(XTerm.withBackground(PATIENT_DATA).withClass("popup", "Popup")
                    .withGeometry("80x24+0+0").withOptions("-xrm", "XTerm*overrideRedirect: true"));
            Process raiser = X.server().command("sh", "-c",
                    "while true; do xdotool windowraise " + hostile.window() + " 2>/dev/null; done").start();
            int exposed = 0;
            try {
                for (int i = 0; i < 30; i++) {
                    Thread.sleep(50);
                    if (new PixelCount(X.server().screenshot()).of(PATIENT_DATA) > 0) {
                        exposed++;
                    }
                }
            } finally {
                raiser.destroyForcibly();
                raiser.waitFor();
            }
            // A reactive enforcer bounds how long each raise shows (the exposure benchmark measures it); what
            // it must guarantee here is that the window never stays above: hidden once the raising stops.
            System.out.println("screenshots showing the self-raising window while it raised: " + exposed + " of 30");
            Thread.sleep(300);
            assertThat(X.server().screenshot()).hasNoPixel(PATIENT_DATA);
            cover.release();
        }
    }

    /** Counts pixels of one colour. */
    record PixelCount(BufferedImage image) {
        int of(Color c) {
            int n = 0;
            for (int y = 0; y < image.getHeight(); y++) {
                for (int x = 0; x < image.getWidth(); x++) {
                    if ((image.getRGB(x, y) & 0xFFFFFF) == (c.getRGB() & 0xFFFFFF)) {
                        n++;
                    }
                }
            }
            return n;
        }
    }
}
