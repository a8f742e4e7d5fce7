package org.tapin.agent.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.util.FileSize;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;
import org.tapin.agent.config.TapinConfig;

/**
 * The agent's file log, in the form admins already grep:
 * {@code 2021-09-03 10:31:53,723 - Agent.WindowsActivity(_log,1277) - DEBUG: Create window call end. ...}.
 *
 * <p>Rolled by size into {@code OneSignAgent.log.1 … .N} so that all files together stay under the configured
 * cap: a flood of window events or a broken reader can never fill the disk. Logback keeps running when a write
 * fails (disk full): it reports to its status manager and the agent goes on. Line breaks inside a message are
 * shown as {@code \n}, so no value (a window title, an appliance's error text) can forge a line.
 */
public final class AgentLogging {

    public static final String FILE_NAME = "OneSignAgent.log";
    /** The logger name of window-activity lines, exactly as the agent this replaces wrote it. */
    public static final String WINDOWS_ACTIVITY = "Agent.WindowsActivity(_log,1277)";
    static final String PATTERN = "%d{\"yyyy-MM-dd HH:mm:ss,SSS\"} - %logger - %level: %replace(%msg){'\\r?\\n', '\\\\n'}%n";

    private AgentLogging() {}

    /** Replaces the console setup of the command line ({@link CommandLineLogging}) with the agent's rolled file log. */
    public static Path configure(TapinConfig.Log log, boolean logWindowActivity) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        Path file = log.dir().resolve(FILE_NAME);

        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();

        int maxFileMb = log.maxFileSizeMb();
        int files = Math.max(1, log.totalSizeCapMb() / maxFileMb);
        RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
        appender.setContext(context);
        appender.setName("file");
        appender.setFile(file.toString());
        appender.setEncoder(encoder);

        FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy();
        rolling.setContext(context);
        rolling.setParent(appender);
        rolling.setFileNamePattern(file + ".%i");
        rolling.setMinIndex(1);
        // The live file is one of the `files` that share the cap.
        rolling.setMaxIndex(Math.max(1, files - 1));
        rolling.start();

        SizeBasedTriggeringPolicy<ILoggingEvent> trigger = new SizeBasedTriggeringPolicy<>();
        trigger.setContext(context);
        trigger.setMaxFileSize(FileSize.valueOf(maxFileMb + "MB"));
        // Logback checks the size at most once a minute by default: a flood could fill a disk in that minute.
        // A stat per line is cheap next to the write itself.
        trigger.setCheckIncrement(ch.qos.logback.core.util.Duration.buildByMilliseconds(0));
        trigger.start();

        appender.setRollingPolicy(rolling);
        appender.setTriggeringPolicy(trigger);
        appender.start();

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(log.level(), Level.INFO));
        root.addAppender(appender);
        // Activity lines are DEBUG, as admins know them; they are written when asked for whatever the level.
        Logger activity = context.getLogger(WINDOWS_ACTIVITY);
        activity.setLevel(logWindowActivity ? Level.DEBUG : Level.OFF);
        return file;
    }
}
