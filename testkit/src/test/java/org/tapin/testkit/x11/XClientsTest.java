package org.tapin.testkit.x11;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class XClientsTest {
    @RegisterExtension
    static final XServerExtension X = XServerExtension.withOpenbox().withNotifications();

    private XClients clients;

    @BeforeEach
    void openClients() {
        clients = new XClients(X.server());
    }

    @AfterEach
    void closeClients() {
        clients.close();
    }

    @Test
    void xtermCarriesTheChosenClassNameAndTitle() {
        XClient term = clients.xterm(XTerm.withBackground(Color.BLUE).withClass("intruder", "Intruder").withTitle("Patient chart"));
        assertThat(xprop(term, "WM_CLASS")).isEqualTo("WM_CLASS = \"intruder\", \"Intruder\"");
        assertThat(xprop(term, "WM_NAME")).isEqualTo("WM_NAME = \"Patient chart\"");
        assertThat(X.server().run("xdotool", "search", "--class", "^Intruder$")).contains(Long.toString(term.window()));
        assertThat(term.process()).get().extracting(Process::isAlive).isEqualTo(true);
        term.close();
        assertThat(term.process().get().isAlive()).isFalse();
    }

    @Test
    void xmessageAppearsInItsColoursAndIsFoundByClass() {
        Color background = new Color(0xC0, 0x10, 0x77);
        XClient message = clients.xmessage("-Session expires-", Color.WHITE, background);
        assertThat(X.server().run("xdotool", "search", "--onlyvisible", "--class", "^Xmessage$"))
                .isEqualTo(Long.toString(message.window()));
        assertThat(xprop(message, "WM_CLASS")).isEqualTo("WM_CLASS = \"xmessage\", \"Xmessage\"");
        PixelAssertions.assertThat(X.server().screenshot()).hasPixel(background);
        message.close();
        PixelAssertions.assertThat(X.server().screenshot()).hasNoPixel(background);
        assertThat(viewable(message)).isFalse();
    }

    @Test
    void zenityDialogIsFoundByClass() {
        XClient dialog = clients.zenityInfo("Badge reader disconnected");
        assertThat(xprop(dialog, "WM_CLASS")).isEqualTo("WM_CLASS = \"zenity\", \"Zenity\"");
        assertThat(X.server().run("xdotool", "search", "--onlyvisible", "--class", "^Zenity$"))
                .contains(Long.toString(dialog.window()));
    }

    @Test
    void notificationIsShownByThisServersDaemonUntilClosed() {
        XClient note = clients.notification("Lab result", "-2 new results");
        assertThat(note.process()).isEmpty();
        assertThat(xprop(note, "WM_CLASS")).isEqualTo("WM_CLASS = \"xfce4-notifyd\", \"Xfce4-notifyd\"");
        assertThat(X.server().run("xprop", "-id", note.windowHex(), "_NET_WM_WINDOW_TYPE"))
                .contains("_NET_WM_WINDOW_TYPE_NOTIFICATION");
        // The daemon on the screen is this server's own: it runs with this server's marker.
        long daemon = Long.parseLong(X.server().run("xprop", "-id", note.windowHex(), "-notype", "_NET_WM_PID")
                .replaceAll("\\D", ""));
        assertThat(InstanceProcesses.running(X.server().stateDir())).contains(daemon);
        note.close();
        assertThat(viewable(note)).isFalse();
    }

    @Test
    void aClientThatFailsToStartIsReportedWithItsOutput() {
        assertThatThrownBy(() -> clients.xterm(XTerm.withBackground(Color.RED).withOptions("-no-such-option")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("xterm exited with code")
                .hasMessageContaining("no-such-option");
    }

    @Test
    void notificationNeedsAServerWithTheDaemon() {
        XServer bare = X.server();
        assertThat(bare.options().notifications()).isTrue();
        try (XServer without = XServer.start(XServerOptions.of(WindowManager.NONE))) {
            assertThatThrownBy(() -> new XClients(without).notification("a", "b"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("withNotifications()");
        }
    }

    /** xwininfo fails for a destroyed window, and prints another map state for an unmapped one. */
    private static boolean viewable(XClient client) {
        Commands.Result info = Commands.run(X.server().command("xwininfo", "-id", client.windowHex()), Duration.ofSeconds(5));
        return info.ok() && info.out().contains("Map State: IsViewable");
    }

    private static String xprop(XClient client, String property) {
        return X.server().run("xprop", "-id", client.windowHex(), "-notype", property).replace(": ", " = ").replace("  ", " ");
    }
}
