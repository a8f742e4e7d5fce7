package org.tapin.agent.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tapin.agent.config.TapinConfig;

class AgentLoggingTest {

    @TempDir
    Path dir;

    @AfterEach
    void restoreConsoleLogging() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        new ContextInitializer(context).autoConfig();
    }

    @Test
    void writesTheLineFormatAdminsGrepAndHonoursLogActivity() throws Exception {
        Path file = AgentLogging.configure(new TapinConfig.Log("INFO", dir, 1, 10), true);
        Logger activity = LoggerFactory.getLogger(AgentLogging.WINDOWS_ACTIVITY);
        activity.debug("Create window call end. ID:\"58720259\";WMClass:\"Vncgui\";WMName:\"Shadowing on\";WMAppInterface:\"vncgui\";");
        LoggerFactory.getLogger("Agent.Session").debug("not at INFO");
        LoggerFactory.getLogger("Agent.Session").info("two\nlines");
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3} - Agent\\.WindowsActivity\\(_log,1277\\) - "
                + "DEBUG: Create window call end\\. ID:\"58720259\";WMClass:\"Vncgui\";WMName:\"Shadowing on\";WMAppInterface:\"vncgui\";");
        assertThat(lines.get(1)).endsWith(" - Agent.Session - INFO: two\\nlines");
    }

    @Test
    void activityLinesAreOffUnlessAskedFor() throws Exception {
        Path file = AgentLogging.configure(new TapinConfig.Log("DEBUG", dir, 1, 10), false);
        LoggerFactory.getLogger(AgentLogging.WINDOWS_ACTIVITY).debug("Create window call end.");
        LoggerFactory.getLogger("Agent.Session").debug("kept");
        assertThat(Files.readString(file)).doesNotContain("Create window").contains("kept");
    }

    @Test
    void aFloodRollsAndAllFilesStayUnderTheCap() throws Exception {
        AgentLogging.configure(new TapinConfig.Log("INFO", dir, 1, 3), false);
        Logger logger = LoggerFactory.getLogger("Agent.Flood");
        String line = "x".repeat(1000);
        for (int i = 0; i < 10_000; i++) { // ~10 MB into a 3 MB cap
            logger.info(line);
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> all = files.toList();
            long total = all.stream().mapToLong(p -> p.toFile().length()).sum();
            assertThat(all).extracting(p -> p.getFileName().toString())
                    .containsExactlyInAnyOrder("OneSignAgent.log", "OneSignAgent.log.1", "OneSignAgent.log.2");
            // Size triggering is checked between writes, so a file may pass its size by a few lines.
            assertThat(total).isLessThan(3L * 1024 * 1024 + 64 * 1024);
        }
    }
}
