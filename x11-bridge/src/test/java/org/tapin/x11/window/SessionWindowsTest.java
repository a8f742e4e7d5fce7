package org.tapin.x11.window;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tapin.testkit.x11.XClient;
import org.tapin.testkit.x11.XClients;
import org.tapin.testkit.x11.XServerExtension;
import org.tapin.testkit.x11.XTerm;

/** Ending a user's session on a real display under openbox: her applications go, the rest of the desktop stays. */
class SessionWindowsTest {

    @RegisterExtension
    static final XServerExtension X = XServerExtension.withOpenbox();

    @Test
    void closesTheApplicationsButNotAllowedWindowsNorTheWindowManager() throws Exception {
        try (XClients clients = new XClients(X.server())) {
            XClient chart = clients.xterm(XTerm.withBackground(new Color(0xC0, 0x20, 0x90)).withClass("chart", "Chart"));
            XClient minimised = clients.xterm(XTerm.withBackground(new Color(0x20, 0x20, 0x90)).withClass("notes", "Notes"));
            X.server().run("xdotool", "windowminimize", "--sync", Long.toString(minimised.window()));
            XClient vnc = clients.xterm(XTerm.withBackground(new Color(0x20, 0x90, 0x20)).withClass("vncgui", "Vncgui"));
            WindowPolicy accessList = w -> w.wmClass().equals("Vncgui");

            SessionWindows.Closed closed = SessionWindows.closeApplications(X.server().display(), accessList, Duration.ofSeconds(5));

            assertThat(closed.classes()).containsExactlyInAnyOrder("Chart", "Notes");
            assertThat(closed.allGone()).isTrue();
            assertThat(chart.process().orElseThrow().waitFor(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(minimised.process().orElseThrow().waitFor(5, java.util.concurrent.TimeUnit.SECONDS))
                    .as("a minimised window is part of the session too").isTrue();
            assertThat(vnc.process().orElseThrow().isAlive()).as("allowed by the access list").isTrue();
            // openbox's check window (a 1x1 override-redirect window off the screen) lives as long as openbox does
            String check = X.server().run("xprop", "-root", "_NET_SUPPORTING_WM_CHECK").replaceAll(".*# ", "").strip();
            assertThat(X.server().run("xprop", "-id", check, "_NET_WM_NAME")).as("openbox still runs").contains("Openbox");
        }
    }
}
