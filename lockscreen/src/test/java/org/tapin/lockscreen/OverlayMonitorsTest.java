package org.tapin.lockscreen;

import static org.awaitility.Awaitility.await;

import java.awt.Color;
import java.awt.Rectangle;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.tapin.agent.overlay.OverlayLink;
import org.tapin.agent.session.View;
import org.tapin.testkit.x11.PixelAssertions;
import org.tapin.testkit.x11.XServerExtension;
import org.tapin.x11.screen.Monitors;
import org.tapin.x11.xlib.XConnection;

/** Two monitors side by side: both covered, the prompt on the primary; the fade darkens both. */
class OverlayMonitorsTest {

    @RegisterExtension
    static final XServerExtension X = XServerExtension.withOpenbox().size(1600, 600).monitors(2);

    static final Color BACKGROUND = new Color(0x10, 0x20, 0x2f);

    @Test
    void coversBothMonitorsAndFadesThemTogether(@TempDir Path dir) throws Exception {
        try (OverlayLink link = new OverlayLink(dir.resolve("run"), e -> { }, () -> { })) {
            Process overlay = X.server().command(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Dprism.order=sw", "-cp", System.getProperty("java.class.path"), LockScreenMain.class.getName(),
                    "--socket", link.socket().toString(), "--computer", "WARD3-PC1").redirectErrorStream(true)
                    .redirectOutput(dir.resolve("overlay.log").toFile()).start();
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> link.overlayPid() == overlay.pid());
                try (XConnection x = XConnection.open(X.server().display())) {
                    var monitors = Monitors.read(x);
                    link.screens(monitors, Monitors.promptIndex(monitors));
                }
                link.show(new View.Idle(null, true));
                Thread.sleep(1_000);
                X.server().screenshot(Path.of("target/screenshots/overlay-two-monitors.png"));
                var shot = X.server().screenshot();
                // Both halves are covered: corners of the left and of the right monitor show the background.
                PixelAssertions.assertThat(shot).inRegion(new Rectangle(0, 0, 100, 100)).everyPixelIs(BACKGROUND);
                PixelAssertions.assertThat(shot).inRegion(new Rectangle(1500, 500, 100, 100)).everyPixelIs(BACKGROUND);
                PixelAssertions.assertThat(shot).inRegion(new Rectangle(800, 0, 800, 600)).hasNoPixel(Color.WHITE);

                link.fade(0.5);
                Thread.sleep(700);
                X.server().screenshot(Path.of("target/screenshots/overlay-fade-half.png"));
                Color half = new Color(0x08, 0x10, 0x18); // the background at half opacity of black
                var faded = X.server().screenshot();
                PixelAssertions.assertThat(faded).withTolerance(2).inRegion(new Rectangle(0, 0, 100, 100)).everyPixelIs(half);
                PixelAssertions.assertThat(faded).withTolerance(2).inRegion(new Rectangle(1500, 500, 100, 100)).everyPixelIs(half);
            } finally {
                overlay.destroyForcibly();
            }
        }
    }
}
