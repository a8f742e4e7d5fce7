package org.tapin.lockscreen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.awt.Color;
import java.awt.Rectangle;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.tapin.agent.overlay.OverlayLink;
import org.tapin.agent.session.SessionEvent;
import org.tapin.agent.session.User;
import org.tapin.agent.session.View;
import org.tapin.testkit.x11.PixelAssertions;
import org.tapin.testkit.x11.XClient;
import org.tapin.testkit.x11.XClients;
import org.tapin.testkit.x11.XServerExtension;
import org.tapin.testkit.x11.XTerm;

/** The overlay as a real process on Xvfb with openbox, driven through the agent's end of the socket. */
class OverlayProcessTest {

    @RegisterExtension
    static final XServerExtension X = XServerExtension.withOpenbox();

    static final Color BACKGROUND = new Color(0x10, 0x20, 0x2f);

    @TempDir
    Path dir;

    final List<SessionEvent> events = new CopyOnWriteArrayList<>();
    OverlayLink link;
    Process overlay;

    @BeforeEach
    void startOverlay() throws Exception {
        link = new OverlayLink(dir.resolve("run"), events::add,
                () -> events.add(new SessionEvent.UiProcessDied("overlay disconnected")));
        overlay = X.server().command(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dprism.order=sw", "-cp", System.getProperty("java.class.path"), LockScreenMain.class.getName(),
                "--socket", link.socket().toString(), "--computer", "WARD3-PC1").redirectErrorStream(true)
                .redirectOutput(dir.resolve("overlay.log").toFile()).start();
        await().atMost(Duration.ofSeconds(30)).until(() -> link.overlayPid() == overlay.pid());
    }

    @AfterEach
    void stop() throws Exception {
        overlay.destroyForcibly();
        link.close();
    }

    void shows(View view, String screenshot) throws Exception {
        link.show(view);
        String name = view instanceof View.Idle ? "idle" : view instanceof View.PasswordForm ? "password" : "message";
        // The overlay says when the view is in place and takes keys: what the test types next reaches it.
        await().atMost(Duration.ofSeconds(5)).until(() -> link.shownView().equals(name));
        Thread.sleep(800); // its pixels follow at the next pulses
        X.server().screenshot(Path.of("target/screenshots/" + screenshot + ".png"));
    }

    @Test
    void coversTheScreenWithTheIdleViewAndTakesAPasswordTypedOnTheKeyboard() throws Exception {
        shows(new View.Idle(null, true), "overlay-idle");
        PixelAssertions.assertThat(X.server().screenshot()).inRegion(new Rectangle(0, 0, 200, 100)).everyPixelIs(BACKGROUND);
        PixelAssertions.assertThat(X.server().screenshot()).inRegion(new Rectangle(1000, 600, 80, 80)).everyPixelIs(BACKGROUND);

        X.server().run("xdotool", "key", "space"); // any key on the idle view asks for the password form
        await().atMost(Duration.ofSeconds(5)).until(() -> events.stream().anyMatch(e -> e instanceof SessionEvent.PasswordFormRequested));
        shows(new View.PasswordForm("", "sign in"), "overlay-password");
        X.server().run("xdotool", "type", "--delay", "20", "alice");
        X.server().run("xdotool", "key", "Return");
        X.server().run("xdotool", "type", "--delay", "20", "Hunter2!");
        X.server().run("xdotool", "key", "Return");
        await().atMost(Duration.ofSeconds(5)).until(() -> events.stream().anyMatch(e -> e instanceof SessionEvent.PasswordSubmitted));
        SessionEvent.PasswordSubmitted submitted = events.stream().filter(e -> e instanceof SessionEvent.PasswordSubmitted)
                .map(e -> (SessionEvent.PasswordSubmitted) e).findFirst().orElseThrow();
        assertThat(submitted.username()).isEqualTo("alice");
        assertThat(new String(submitted.password().reveal())).isEqualTo("Hunter2!");
        assertThat(submitted.toString() + events).doesNotContain("Hunter2!");
    }

    /**
     * A window manager focuses a window mapped while locked (one allowed above the lock, say): the keys are still
     * grabbed, but would reach JavaFX as keys of an unfocused window, which no field takes. The lock screen takes
     * the focus back as soon as it loses it.
     */
    @Test
    void keysTypedAfterAnotherWindowTookTheFocusStillReachThePasswordField() throws Exception {
        shows(new View.PasswordForm("alice", "sign in"), "overlay-password-before-focus-theft");
        try (XClients clients = new XClients(X.server())) {
            XClient other = clients.xterm(XTerm.withBackground(Color.GREEN).withGeometry("20x5+10+10"));
            X.server().run("xdotool", "windowactivate", other.windowHex());
            Thread.sleep(1_000); // openbox maps, focuses and activates the new window in steps: let it finish
            X.server().run("xdotool", "type", "--delay", "20", "Hunter2!");
            X.server().run("xdotool", "key", "Return");
            await().atMost(Duration.ofSeconds(5)).until(() -> events.stream().anyMatch(e -> e instanceof SessionEvent.PasswordSubmitted));
        }
        SessionEvent.PasswordSubmitted submitted = events.stream().filter(e -> e instanceof SessionEvent.PasswordSubmitted)
                .map(e -> (SessionEvent.PasswordSubmitted) e).findFirst().orElseThrow();
        assertThat(new String(submitted.password().reveal())).isEqualTo("Hunter2!");
    }

    @Test
    void escapeF11AltF4AndAltTabLeaveTheLockInPlace() throws Exception {
        shows(new View.Message(View.Message.Kind.UNREACHABLE,
                "The sign-in server cannot be reached. Try again in a minute; if this persists, call the service desk."),
                "overlay-message");
        X.server().run("xdotool", "key", "Escape", "F11", "alt+F4", "alt+Tab");
        Thread.sleep(800);
        assertThat(overlay.isAlive()).isTrue();
        PixelAssertions.assertThat(X.server().screenshot()).inRegion(new Rectangle(0, 0, 200, 100)).everyPixelIs(BACKGROUND);
        shows(new View.Idle(new User("alice", "Dr Alice A"), false), "overlay-idle-reader-missing");
    }

    @Test
    void aKilledOverlayIsNoticedAtOnce() throws Exception {
        shows(new View.Idle(null, true), "overlay-before-kill");
        overlay.destroyForcibly();
        await().atMost(Duration.ofSeconds(2)).until(() -> events.stream().anyMatch(e -> e instanceof SessionEvent.UiProcessDied));
        assertThat(link.connected()).isFalse();
    }
}
