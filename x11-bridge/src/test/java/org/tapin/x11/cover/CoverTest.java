package org.tapin.x11.cover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tapin.testkit.x11.PixelAssertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;
import org.tapin.testkit.x11.XClients;
import org.tapin.testkit.x11.XServerExtension;
import org.tapin.testkit.x11.XTerm;

/** The cover on a real Xvfb with openbox: it hides, it outlives its process, and it follows the screen size. */
class CoverTest {

    @RegisterExtension
    static final XServerExtension X = XServerExtension.withOpenbox().size(1600, 1000);

    static final Color PATIENT_DATA = new Color(0xC0, 0x20, 0x90);

    @org.junit.jupiter.api.AfterEach
    void removeAnyCoverLeftOnTheScreen() {
        try (Cover leftover = new Cover(X.server().display()).start()) {
            leftover.dispose();
        }
    }

    @Test
    void hidesEveryPixelOfTheDesktopAndReleasesIt() {
        try (XClients clients = new XClients(X.server()); Cover cover = new Cover(X.server().display()).start()) {
            clients.xterm(XTerm.withBackground(PATIENT_DATA).withGeometry("100x40+0+0"));
            assertThat(X.server().screenshot()).hasPixel(PATIENT_DATA);
            cover.engage();
            assertThat(X.server().screenshot()).everyPixelIs(Color.BLACK);
            cover.release();
            assertThat(X.server().screenshot()).hasPixel(PATIENT_DATA);
        }
    }

    @Test
    void saysItCreatedTheCoverOnlyOnceTheCoverIsOnTheScreen() {
        // Its first line starts the logging system: the desktop must already be hidden when it is written.
        List<Boolean> hiddenWhenLogged = new CopyOnWriteArrayList<>();
        Logger logger = (Logger) LoggerFactory.getLogger("Agent.Cover");
        AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                if (event.getFormattedMessage().matches("cover 0x[0-9a-f]+ created")) {
                    BufferedImage screen = X.server().screenshot();
                    hiddenWhenLogged.add(screen.getRGB(10, 10) == Color.BLACK.getRGB()
                            && screen.getRGB(screen.getWidth() / 2, screen.getHeight() / 2) == Color.BLACK.getRGB());
                }
            }
        };
        appender.setContext(logger.getLoggerContext());
        appender.start();
        logger.addAppender(appender);
        try (XClients clients = new XClients(X.server()); Cover cover = new Cover(X.server().display()).start()) {
            clients.xterm(XTerm.withBackground(PATIENT_DATA).withGeometry("200x80+0+0"));
            assertThat(X.server().screenshot()).hasPixel(PATIENT_DATA);
            cover.engage();
            assertThat(hiddenWhenLogged).containsExactly(true);
        } finally {
            logger.detachAppender(appender);
        }
    }

    @Test
    void aFreshProcessConnectsItsCoverWithoutStartingTheLoggingSystem() throws Exception {
        // The cover must be up before anything pays for logging's start: in a JVM of its own (this one's logging
        // already runs), no class of it may load before the cover is connected and ready to engage.
        Process holder = startHolder("-verbose:class");
        List<String> loadedBeforeStart = new java.util.ArrayList<>();
        String line = "";
        try (BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))) {
            while (line != null && !line.equals("started")) {
                if (line.contains("org.slf4j.") || line.contains("ch.qos.logback.")) {
                    loadedBeforeStart.add(line);
                }
                line = out.readLine();
            }
        } finally {
            holder.destroyForcibly();
            assertThat(holder.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(line).as("the cover connected").isEqualTo("started");
        assertThat(loadedBeforeStart).isEmpty();
    }

    /** {@link CoverHolder} in a JVM of its own, with these JVM options; its output and errors in one stream. */
    private static Process startHolder(String... jvmOptions) throws java.io.IOException {
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), CoverHolder.class.getName(), X.server().display()));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    @Test
    void staysOnTheScreenAfterKillMinus9AndIsAdoptedByTheNextProcess() throws Exception {
        try (XClients clients = new XClients(X.server())) {
            clients.xterm(XTerm.withBackground(PATIENT_DATA).withGeometry("100x40+0+0"));
            Process holder = startHolder();
            String created = "";
            try (BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))) {
                while (created != null && !created.startsWith("engaged ")) {
                    created = out.readLine(); // skip the child's log lines
                }
            } finally {
                holder.destroyForcibly(); // SIGKILL: no clean-up of any kind
                assertThat(holder.waitFor(10, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(created).endsWith(" created");
            long id = Long.parseLong(created.split(" ")[1]);
            Thread.sleep(300);
            X.server().screenshot(Path.of("target/screenshots/cover-after-kill-9.png"));
            assertThat(X.server().screenshot()).as("the cover outlived its process").everyPixelIs(Color.BLACK);

            try (Cover next = new Cover(X.server().display()).start()) {
                assertThat(next.engage()).as("same window adopted, nothing destroyed").isEqualTo(id);
                assertThat(next.adopted()).isTrue();
                next.release();
                X.server().screenshot(Path.of("target/screenshots/cover-released-by-adopter.png"));
                assertThat(X.server().screenshot()).hasPixel(PATIENT_DATA);
                next.dispose();
                assertThat(X.server().run("xwininfo", "-root", "-tree")).doesNotContain("0x" + Long.toHexString(id));
            }
        }
    }

    @Test
    void aSuccessorMayRemoveTheRetainedCoverTheMomentCloseReturns() {
        // The successor removes an adopted cover with XKillClient: had the closed cover's connection still been
        // open, the server would have cut it and Xlib would have ended this whole process.
        for (int round = 0; round < 10; round++) {
            long retained;
            try (Cover cover = new Cover(X.server().display()).start()) {
                retained = cover.engage();
                cover.release();
            }
            assertThat(liveCoverThreads()).as("close() returned with the cover's connection still open").isZero();
            try (Cover successor = new Cover(X.server().display()).start()) {
                assertThat(successor.engage()).isEqualTo(retained);
                assertThat(successor.adopted()).isTrue();
                successor.dispose();
            }
        }
    }

    private static long liveCoverThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("cover")).count();
    }

    @Test
    void followsTheScreenWhenMonitorsChangeSoNoStripIsLeftUncovered() throws Exception {
        try (XClients clients = new XClients(X.server()); Cover cover = new Cover(X.server().display()).start()) {
            clients.xterm(XTerm.withBackground(PATIENT_DATA).withGeometry("200x70+0+0"));
            // Xvfb offers only its start mode: add a smaller one, switch to it, and later back (a monitor change).
            X.server().run("xrandr", "--newmode", "1280x800", "60", "1280", "1300", "1400", "1500", "800", "810", "820", "830");
            X.server().run("xrandr", "--addmode", "screen", "1280x800");
            X.server().run("xrandr", "--output", "screen", "--mode", "1280x800", "--fb", "1280x800");
            cover.engage();
            assertThat(X.server().screenshot()).everyPixelIs(Color.BLACK);
            var heard = new java.util.concurrent.LinkedBlockingQueue<java.util.List<org.tapin.x11.screen.Monitor>>();
            assertThat(cover.monitors(heard::add)).extracting(m -> m.width() + "x" + m.height()).containsExactly("1280x800");
            X.server().run("xrandr", "--output", "screen", "--mode", "1600x1000", "--fb", "1600x1000"); // bigger, while locked
            // The overlay is told, so its stages grow with the screen too.
            assertThat(heard.poll(5, TimeUnit.SECONDS)).extracting(m -> m.width() + "x" + m.height()).containsExactly("1600x1000");
            Thread.sleep(300);
            var shot = X.server().screenshot();
            assertThat(shot.getWidth()).isEqualTo(1600);
            assertThat(shot).everyPixelIs(Color.BLACK);
            cover.release();
        }
    }
}
