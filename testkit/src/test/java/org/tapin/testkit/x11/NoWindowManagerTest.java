package org.tapin.testkit.x11;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Rectangle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class NoWindowManagerTest {
    @RegisterExtension
    static final XServerExtension X = XServerExtension.withoutWindowManager().size(640, 480);

    @Test
    void noWindowManagerRuns() {
        assertThat(X.server().run("xprop", "-root", "_NET_SUPPORTING_WM_CHECK")).contains("not found");
        assertThat(X.server().run("xdpyinfo")).contains("dimensions:    640x480 pixels");
    }

    @Test
    void screenshotDecodesExactColours() {
        // Distinct values in every channel catch a swapped byte order or channel mask in the XWD decoder.
        Color root = new Color(0x12, 0x34, 0x56);
        X.server().run("xsetroot", "-solid", "#123456");
        PixelAssertions.assertThat(X.server().screenshot()).everyPixelIs(root);
        X.server().run("xsetroot", "-solid", "#000000");
    }

    @Test
    void anXtermIsAnUnframedChildOfTheRootWhereItAskedToBe() {
        Color background = new Color(0xAA, 0x55, 0x11);
        try (XClients clients = new XClients(X.server())) {
            XClient term = clients.xterm(XTerm.withBackground(background).withGeometry("20x5+30+40"));
            assertThat(parentLine(term)).contains("(the root window)");
            String info = X.server().run("xwininfo", "-id", term.windowHex());
            assertThat(info).contains("Absolute upper-left X:  30", "Absolute upper-left Y:  40");
            // The bottom right corner of the window is background; the rest of the screen is the black root.
            PixelAssertions.assertThat(X.server().screenshot())
                    .inRegion(new Rectangle(60, 60, 20, 10)).everyPixelIs(background)
                    .inRegion(new Rectangle(300, 200, 340, 280)).everyPixelIs(Color.BLACK);
        }
    }

    private static String parentLine(XClient client) {
        return X.server().run("xwininfo", "-id", client.windowHex(), "-tree").lines()
                .filter(l -> l.contains("Parent window id:")).findFirst().orElseThrow();
    }
}
