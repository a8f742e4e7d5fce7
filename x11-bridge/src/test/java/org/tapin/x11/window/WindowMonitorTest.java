package org.tapin.x11.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.awt.Color;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tapin.testkit.x11.XClient;
import org.tapin.testkit.x11.XClients;
import org.tapin.testkit.x11.XServerExtension;
import org.tapin.testkit.x11.XTerm;
import org.tapin.x11.xlib.XConnection;

/** The window reader and monitor against real clients under Xvfb with openbox (a reparenting WM). */
class WindowMonitorTest {

    @RegisterExtension
    static final XServerExtension X = XServerExtension.withOpenbox();

    @Test
    void readsClassInstanceNameAndTheServersPidInsideTheWindowManagersFrame() {
        try (XClients clients = new XClients(X.server());
                XConnection x = XConnection.open(X.server().display())) {
            XClient term = clients.xterm(XTerm.withBackground(new Color(0x20, 0x80, 0x40))
                    .withClass("ward3", "PatientList").withTitle("Ward 3 – Übersicht"));
            List<TopLevelWindow> windows = new WindowReader(x).topLevels();
            TopLevelWindow w = windows.stream().filter(t -> t.id() == term.window()).findFirst().orElseThrow();
            assertThat(w.instance()).isEqualTo("ward3");
            assertThat(w.wmClass()).isEqualTo("PatientList");
            assertThat(w.name()).isEqualTo("Ward 3 – Übersicht");
            assertThat(w.frame()).as("openbox reparents into a frame").isNotEqualTo(w.id());
            assertThat(w.pid()).as("XRes pid").isEqualTo(term.process().orElseThrow().pid());
            assertThat(w.executable()).isEqualTo("/usr/bin/xterm");
        }
    }

    @Test
    void reportsMapsRenamesAndUnmapsAsTheyHappen() throws Exception {
        List<WindowEvent> events = new CopyOnWriteArrayList<>();
        try (XClients clients = new XClients(X.server());
                WindowMonitor monitor = new WindowMonitor(X.server().display(), events::add).start()) {
            XClient term = clients.xterm(XTerm.withBackground(new Color(0x30, 0x30, 0x90)).withClass("vncgui", "Vncgui")
                    .withTitle("Shadowing on"));
            await().atMost(Duration.ofSeconds(5)).until(() -> events.stream().anyMatch(e ->
                    e instanceof WindowEvent.Mapped m && m.window().id() == term.window()
                            && m.window().wmClass().equals("Vncgui") && m.window().name().equals("Shadowing on")));
            // A client renaming itself sets _NET_WM_NAME (UTF-8), which wins over WM_NAME.
            X.server().run("xprop", "-id", term.windowHex(), "-f", "_NET_WM_NAME", "8u", "-set", "_NET_WM_NAME", "Shadowing off");
            await().atMost(Duration.ofSeconds(5)).until(() -> events.stream().anyMatch(e ->
                    e instanceof WindowEvent.Renamed r && r.window().id() == term.window()
                            && r.window().name().equals("Shadowing off")));
            org.assertj.core.api.Assertions.assertThat(events).as("the client's creation was seen before its map")
                    .anyMatch(e -> e instanceof WindowEvent.Created c && c.window() == term.window());
            long frame = events.stream().filter(e -> e instanceof WindowEvent.Mapped m && m.window().id() == term.window())
                    .map(e -> ((WindowEvent.Mapped) e).window().frame()).findFirst().orElseThrow();
            term.close();
            await().atMost(Duration.ofSeconds(5)).until(() -> events.contains(new WindowEvent.Gone(frame)));
        }
    }
}
