package org.tapin.x11.cover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.awt.Color;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.tapin.testkit.x11.XClient;
import org.tapin.testkit.x11.XClients;
import org.tapin.testkit.x11.XServerExtension;
import org.tapin.testkit.x11.XTerm;

/** While locked, typed keys reach no window behind the cover, and reach an allowed window pointed at. */
class KeyboardTest {

    @RegisterExtension
    static final XServerExtension X = XServerExtension.withOpenbox();

    @TempDir
    Path dir;

    @AfterEach
    void removeCover() {
        try (Cover leftover = new Cover(X.server().display()).start()) {
            leftover.dispose();
        }
    }

    @Test
    void aKeyboardHeldByAnotherClientIsTakenWhenItLetsGoAndTheLockStaysUpMeanwhile() throws Exception {
        try (org.tapin.x11.xlib.XConnection holder = org.tapin.x11.xlib.XConnection.open(X.server().display());
                Cover cover = new Cover(X.server().display()).start()) {
            // A fullscreen remote-desktop client grabs the keyboard; here another connection does the same.
            var xlib = org.tapin.x11.xlib.Xlib.INSTANCE;
            org.assertj.core.api.Assertions.assertThat(xlib.XGrabKeyboard(holder.display(), holder.root(), 0, 1, 1, 0))
                    .isEqualTo(org.tapin.x11.xlib.Xlib.GRAB_SUCCESS);
            holder.sync();
            cover.policy(w -> false);
            cover.engage();
            assertThat(cover.keyboardHeld()).as("cannot take it while held").isFalse();
            org.tapin.testkit.x11.PixelAssertions.assertThat(X.server().screenshot()).everyPixelIs(Color.BLACK);
            xlib.XUngrabKeyboard(holder.display(), 0);
            holder.sync();
            await().atMost(Duration.ofSeconds(3)).until(cover::keyboardHeld);
            cover.release();
        }
    }

    @Test
    void keysTypedIntoAHiddenWindowGoNowhereAndIntoAnAllowedOneArrive() throws Exception {
        Path hidden = dir.resolve("hidden.txt");
        Path allowed = dir.resolve("allowed.txt");
        try (XClients clients = new XClients(X.server()); Cover cover = new Cover(X.server().display()).start()) {
            XClient chart = clients.xterm(XTerm.withBackground(new Color(0x90, 0x10, 0x10)).withClass("chart", "Chart")
                    .withGeometry("80x24+0+0").running("sh", "-c", "cat > " + hidden));
            X.server().run("xdotool", "mousemove", "100", "100", "click", "1"); // the chart has focus, as in use
            cover.policy(w -> w.wmClass().equals("Vncgui"));
            cover.engage();
            assertThat(cover.keyboardHeld()).isTrue();
            X.server().run("xdotool", "type", "--delay", "5", "secret order\n");

            XClient vnc = clients.xterm(XTerm.withBackground(new Color(0x10, 0x90, 0x10)).withClass("vncgui", "Vncgui")
                    .withGeometry("40x10+600+400").running("sh", "-c", "cat > " + allowed));
            Thread.sleep(500); // the enforcer lifts the allowed window above the cover
            X.server().run("xdotool", "mousemove", "700", "480");
            await().atMost(Duration.ofSeconds(5)).until(() -> !cover.keyboardHeld());
            X.server().run("xdotool", "type", "--delay", "5", "support here\n");
            await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(allowed) && Files.readString(allowed).contains("support here"));

            X.server().run("xdotool", "mousemove", "100", "100"); // back over the cover: the keyboard is taken again
            await().atMost(Duration.ofSeconds(5)).until(cover::keyboardHeld);
            X.server().run("xdotool", "type", "--delay", "5", "more secrets\n");
            Thread.sleep(300);
            assertThat(Files.exists(hidden) ? Files.readString(hidden) : "").as("nothing reached the hidden window").isEmpty();
            assertThat(Files.readString(allowed)).doesNotContain("more secrets");
            vnc.close();
            cover.release();
            assertThat(cover.keyboardHeld()).isFalse();
        }
    }
}
