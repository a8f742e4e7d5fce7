package org.tapin.agent.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** What the command line prints on stderr when something goes wrong, in the form it always had. */
class CommandLineLoggingTest {

    @Test
    void warningsGoToStderrInTheShortFormAndNothingElseIsPrinted() throws Exception {
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            // As at the start of every tapin command: logback finds its configuration on its own.
            context.reset();
            new ContextInitializer(context).autoConfig();
            LoggerFactory.getLogger("Agent.Reader").info("not on the command line");
            LoggerFactory.getLogger("Agent.Reader").warn("no reader attached");
            LoggerFactory.getLogger("Agent.Appliance").error("appliance unreachable");
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8)).matches(
                "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3} - Reader - WARN: no reader attached\n"
                + "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3} - Appliance - ERROR: appliance unreachable\n");
    }
}
