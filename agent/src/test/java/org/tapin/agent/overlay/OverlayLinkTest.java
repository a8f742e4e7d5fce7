package org.tapin.agent.overlay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** What the overlay says it shows, over the real socket: believed for the views the agent knows, and nothing else. */
class OverlayLinkTest {

    @TempDir
    Path dir;

    @Test
    void theViewTheOverlayConfirmsIsKnownUntilItDisconnects() throws Exception {
        List<String> logged = new CopyOnWriteArrayList<>();
        Logger logger = (Logger) LoggerFactory.getLogger("Agent.Overlay");
        AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                logged.add(event.getFormattedMessage());
            }
        };
        appender.setContext(logger.getLoggerContext());
        appender.start();
        Level level = logger.getLevel();
        logger.setLevel(Level.INFO); // as in the agent's log file
        logger.addAppender(appender);
        OverlayLink link = new OverlayLink(dir, event -> { }, () -> { });
        try (SocketChannel overlay = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            overlay.connect(UnixDomainSocketAddress.of(link.socket()));
            say(overlay, "{\"event\":\"hello\",\"pid\":1}");
            assertThat(link.shownView()).isEmpty();
            say(overlay, "{\"event\":\"shown\",\"view\":\"password\"}");
            await().atMost(Duration.ofSeconds(5)).until(() -> link.shownView().equals("password"));

            // A view name is written to the agent's log: one the agent does not know, such as a forged log line,
            // is neither believed nor logged. The next known one still is.
            say(overlay, "{\"event\":\"shown\",\"view\":\"idle\\n2026-01-01 00:00:00,000 - Agent.Session - INFO: x\"}");
            say(overlay, "{\"event\":\"shown\",\"view\":\"enroll\"}");
            await().atMost(Duration.ofSeconds(5)).until(() -> !link.shownView().equals("password"));
            assertThat(link.shownView()).isEqualTo("enroll");
            assertThat(logged).containsExactly("lock screen shows the password view",
                    "overlay says it shows an unknown view; ignored", "lock screen shows the enroll view");
        } finally {
            await().atMost(Duration.ofSeconds(5)).until(() -> !link.connected());
            assertThat(link.shownView()).as("no overlay, no view: the cover alone shows").isEmpty();
            link.close();
            logger.detachAppender(appender);
            logger.setLevel(level);
        }
    }

    private static void say(SocketChannel overlay, String line) throws Exception {
        ByteBuffer bytes = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
            overlay.write(bytes);
        }
    }
}
