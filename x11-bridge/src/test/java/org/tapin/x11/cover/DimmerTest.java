package org.tapin.x11.cover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tapin.testkit.x11.PixelAssertions.assertThat;

import java.awt.Color;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tapin.testkit.x11.XClients;
import org.tapin.testkit.x11.XServerExtension;
import org.tapin.testkit.x11.XTerm;

/** The fade before a walk-away lock darkens the real desktop step by step, and clears when cancelled. */
class DimmerTest {

    @RegisterExtension
    static final XServerExtension X = XServerExtension.withOpenbox().size(1000, 600);

    static final Color PATIENT_DATA = new Color(0xC0, 0x20, 0x90);
    static final Rectangle INSIDE_XTERM = new Rectangle(20, 40, 200, 100);

    @Test
    void darkensTheDesktopHalfwayThenFullyAndClearsWhenCancelled() throws Exception {
        try (XClients clients = new XClients(X.server()); Dimmer dimmer = new Dimmer(X.server().display())) {
            clients.xterm(XTerm.withBackground(PATIENT_DATA).withGeometry("100x40+0+0"));
            assertThat(X.server().screenshot()).inRegion(INSIDE_XTERM).everyPixelIs(PATIENT_DATA);

            dimmer.dim(0.25);
            dimmer.dim(0.5);
            X.server().screenshot(Path.of("target/screenshots/dimmer-half.png"));
            assertThat(share(X.server().screenshot(), Color.BLACK)).isCloseTo(0.5, org.assertj.core.data.Offset.offset(0.02));

            dimmer.dim(1.0);
            assertThat(X.server().screenshot()).everyPixelIs(Color.BLACK);

            dimmer.dim(0);
            Thread.sleep(300); // the xterm repaints on Expose
            assertThat(X.server().screenshot()).inRegion(INSIDE_XTERM).everyPixelIs(PATIENT_DATA);
        }
    }

    @Test
    void leavesNothingOnTheScreenWhenItsProcessDies() throws Exception {
        try (XClients clients = new XClients(X.server())) {
            clients.xterm(XTerm.withBackground(PATIENT_DATA).withGeometry("100x40+0+0"));
            Dimmer dimmer = new Dimmer(X.server().display());
            dimmer.dim(0.75);
            assertThat(share(X.server().screenshot(), Color.BLACK)).isGreaterThan(0.7);
            dimmer.close(); // the connection ends as a killed agent's would
            Thread.sleep(300);
            assertThat(X.server().screenshot()).inRegion(INSIDE_XTERM).everyPixelIs(PATIENT_DATA);
        }
    }

    @Test
    void theStippleTurnsOnOneSixteenthOfThePixelsPerLevel() {
        for (int level = 0; level <= Dimmer.LEVELS; level++) {
            int bits = 0;
            for (byte row : Dimmer.pattern(level)) {
                bits += Integer.bitCount(row & 0x0F);
            }
            assertThat(bits).as("level %d", level).isEqualTo(level);
        }
    }

    private static double share(BufferedImage shot, Color colour) {
        int hits = 0;
        for (int y = INSIDE_XTERM.y; y < INSIDE_XTERM.y + INSIDE_XTERM.height; y++) {
            for (int x = INSIDE_XTERM.x; x < INSIDE_XTERM.x + INSIDE_XTERM.width; x++) {
                hits += (shot.getRGB(x, y) & 0xFFFFFF) == (colour.getRGB() & 0xFFFFFF) ? 1 : 0;
            }
        }
        return hits / (double) (INSIDE_XTERM.width * INSIDE_XTERM.height);
    }
}
