package org.tapin.agent.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.joran.spi.ConsoleTarget;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Logging until the agent daemon switches to its file ({@link AgentLogging}), and for every other command:
 * warnings and errors only, on stderr, so a command's stdout stays exactly what it documents.
 *
 * <p>Set up in code, found by logback through {@code META-INF/services}, rather than read from a
 * {@code logback.xml}: parsing that XML cost {@code tapin agent} 130–200 ms on a thin client before its first
 * line, and the cover must go up at once.
 */
public final class CommandLineLogging extends ContextAwareBase implements Configurator {

    static final String PATTERN = "%d{\"yyyy-MM-dd HH:mm:ss,SSS\"} - %logger{0} - %level: %msg%n";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();

        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(context);
        appender.setName("STDERR");
        appender.setTarget(ConsoleTarget.SystemErr.getName());
        appender.setEncoder(encoder);
        appender.start();

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(appender);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
