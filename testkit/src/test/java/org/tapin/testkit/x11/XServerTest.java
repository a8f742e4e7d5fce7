package org.tapin.testkit.x11;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class XServerTest {
    @RegisterExtension
    static final XServerExtension X = XServerExtension.withOpenbox();

    private static final Color INTRUDER = new Color(0x12, 0xAB, 0x34);
    private static final Color NOWHERE = new Color(0xFE, 0x01, 0xFD);

    @Test
    void environmentPointsAtThisServerWithOpenboxRunning() {
        XServer server = X.server();
        assertThat(server.display()).matches(":\\d+");
        assertThat(server.env()).containsEntry("DISPLAY", server.display())
                .containsKeys("DBUS_SESSION_BUS_ADDRESS", "TAPIN_XSERVER_ID", "XDG_RUNTIME_DIR");
        assertThat(server.run("xdpyinfo")).contains("dimensions:    1280x800 pixels");
        String check = server.run("xprop", "-root", "-notype", "_NET_SUPPORTING_WM_CHECK").replaceAll(".*# ", "");
        assertThat(server.run("xprop", "-id", check, "-notype", "_NET_WM_NAME")).contains("\"Openbox\"");
    }

    @Test
    void screenshotShowsAnXtermUntilItCloses() {
        try (XClients clients = new XClients(X.server())) {
            XClient term = clients.xterm(XTerm.withBackground(INTRUDER));
            PixelAssertions.assertThat(X.server().screenshot()).hasPixel(INTRUDER).hasNoPixel(NOWHERE);
            term.close();
            PixelAssertions.assertThat(X.server().screenshot()).hasNoPixel(INTRUDER);
        }
    }

    @Test
    void pixelAssertionsFailNamingCountCoordinatesAndTheSavedScreenshot() throws Exception {
        try (XClients clients = new XClients(X.server())) {
            clients.xterm(XTerm.withBackground(INTRUDER).withGeometry("40x10+100+50"));
            BufferedImage shot = X.server().screenshot();

            assertThatThrownBy(() -> PixelAssertions.assertThat(shot).hasNoPixel(INTRUDER))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("Expected no pixel of #12ab34")
                    .hasMessageMatching("(?s).* \\d+ of 1024000 pixels are that colour; first at \\(\\d+,\\d+\\).*");
            String message = catchMessage(() -> PixelAssertions.assertThat(shot).hasPixel(NOWHERE));
            assertThat(message).contains("Expected a pixel of #fe01fd", "none of 1024000", "most common: #");

            Path saved = screenshotNamedIn(message);
            assertThat(saved.getFileName().toString())
                    .startsWith("XServerTest.pixelAssertionsFailNamingCountCoordinatesAndTheSavedScreenshot-");
            BufferedImage reread = ImageIO.read(saved.toFile());
            assertThat(reread.getWidth()).isEqualTo(1280);
            PixelAssertions.assertThat(reread).hasPixel(INTRUDER);
        }
    }

    @Test
    void xtermRunsTheGivenCommandAndTakesTypedInput(@TempDir Path dir) throws Exception {
        Path typed = dir.resolve("typed.txt");
        try (XClients clients = new XClients(X.server())) {
            XClient term = clients.xterm(XTerm.withBackground(INTRUDER).running("sh", "-c", "cat > '" + typed + "'"));
            X.server().run("xdotool", "windowactivate", "--sync", Long.toString(term.window()));
            X.server().run("xdotool", "type", "--delay", "5", "badge 42");
            X.server().run("xdotool", "key", "Return");
            waitUntil(() -> Files.exists(typed) && Files.readString(typed).equals("badge 42\n"));
        }
        assertThat(typed).hasContent("badge 42");
    }

    @Test
    void screenshotToFileWritesAPng(@TempDir Path dir) throws Exception {
        Path png = X.server().screenshot(dir.resolve("sub/root.png"));
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(1280);
        assertThat(image.getHeight()).isEqualTo(800);
    }

    static String catchMessage(Runnable check) {
        try {
            check.run();
        } catch (AssertionError e) {
            return e.getMessage();
        }
        throw new AssertionError("the check did not fail");
    }

    static Path screenshotNamedIn(String message) {
        Matcher m = Pattern.compile("Screenshot: (\\S+\\.png)").matcher(message);
        assertThat(m.find()).as("a screenshot path in: %s", message).isTrue();
        Path saved = Path.of(m.group(1));
        assertThat(saved).isRegularFile().startsWith(FailureScreenshots.directory());
        return saved;
    }

    interface Condition {
        boolean holds() throws Exception;
    }

    static void waitUntil(Condition condition) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(20);
        }
    }
}
