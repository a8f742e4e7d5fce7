package org.tapin.testkit.x11;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TwoMonitorsTest {
    @RegisterExtension
    static final XServerExtension X = XServerExtension.withOpenbox().size(1600, 600).monitors(2);

    @Test
    void randrAndXineramaReportTwoSideBySideMonitors() {
        assertThat(X.server().run("xrandr", "--listmonitors"))
                .contains("Monitors: 2", "800/211x600/158+0+0", "800/211x600/158+800+0");
        assertThat(X.server().run("xdpyinfo", "-ext", "XINERAMA"))
                .contains("head #0: 800x600 @ 0,0", "head #1: 800x600 @ 800,0");
    }

    @Test
    void openboxMaximizesOntoOneMonitor() {
        try (XClients clients = new XClients(X.server())) {
            XClient term = clients.xterm(XTerm.withBackground(Color.ORANGE).withOptions("-maximized"));
            String info = X.server().run("xwininfo", "-id", term.windowHex());
            int width = Integer.parseInt(info.replaceAll("(?s).*Width: (\\d+).*", "$1"));
            assertThat(width).isBetween(700, 800);
        }
    }
}
