package org.tapin.testkit.x11;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class Xfwm4Test {
    @RegisterExtension
    static final XServerExtension X = XServerExtension.withXfwm4();

    @Test
    void xfwm4ManagesWindows() {
        String check = X.server().run("xprop", "-root", "-notype", "_NET_SUPPORTING_WM_CHECK").replaceAll(".*# ", "");
        assertThat(X.server().run("xprop", "-id", check, "-notype", "_NET_WM_NAME")).contains("\"Xfwm4\"");
        Color background = new Color(0x33, 0x66, 0x99);
        try (XClients clients = new XClients(X.server())) {
            XClient term = clients.xterm(XTerm.withBackground(background));
            // Reparented into a frame, and drawn.
            assertThat(parentLine(term)).doesNotContain("(the root window)");
            PixelAssertions.assertThat(X.server().screenshot()).hasPixel(background);
        }
    }

    private static String parentLine(XClient client) {
        return X.server().run("xwininfo", "-id", client.windowHex(), "-tree").lines()
                .filter(l -> l.contains("Parent window id:")).findFirst().orElseThrow();
    }
}
