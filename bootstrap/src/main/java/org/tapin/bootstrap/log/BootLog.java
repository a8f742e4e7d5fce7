package org.tapin.bootstrap.log;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * The loader's own log, in the form admins know from the loader this replaces:
 * {@code 2023-11-08 01:06:27,126 - bootstrap - INFO: Trying to import main loader...}.
 *
 * <p>Hand-made rather than java.util.logging so the format is exactly that and nothing else can reconfigure
 * it. Each line is appended and flushed at once (the loader's last words before a power cut are the ones that
 * matter), copied to stderr for the journal, and the file rolls once at {@link #MAX_BYTES} into
 * {@code bootstrap.log.1} so a crash loop cannot fill the disk. A write that fails (disk full, read-only) is
 * dropped: the loader must go on starting the agent whatever happens to its log.
 */
public final class BootLog {
    public static final String FILE_NAME = "bootstrap.log";
    static final long MAX_BYTES = 2L * 1024 * 1024;

    private final Path file;
    private final PrintStream console;
    private final Clock clock;

    public BootLog(Path file, PrintStream console, Clock clock) {
        this.file = file;
        this.console = console;
        this.clock = clock;
    }

    public Path file() {
        return file;
    }

    public void info(String message) {
        write("INFO", message);
    }

    public void warn(String message) {
        write("WARNING", message);
    }

    public void error(String message) {
        write("ERROR", message);
    }

    private synchronized void write(String level, String message) {
        String line = timestamp(clock.instant().atZone(ZoneId.systemDefault())) + " - bootstrap - " + level
                + ": " + oneLine(message) + "\n";
        if (console != null) {
            console.print(line);
            console.flush();
        }
        if (file == null) {
            return;
        }
        try {
            Files.createDirectories(file.getParent());
            if (Files.exists(file) && Files.size(file) > MAX_BYTES) {
                Files.move(file, file.resolveSibling(FILE_NAME + ".1"), StandardCopyOption.REPLACE_EXISTING);
            }
            Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException | RuntimeException e) {
            // Logging must never stop the loader; the console copy above still reaches the journal.
        }
    }

    /**
     * {@code 2023-11-08 01:06:27,126}, written out by hand: the loader's first log line comes before the agent
     * starts, and setting up a java.time formatter in a fresh JVM cost tens of milliseconds of that, against
     * well under one for this.
     */
    static String timestamp(ZonedDateTime t) {
        StringBuilder s = new StringBuilder(23);
        digits(s, t.getYear(), 4).append('-');
        digits(s, t.getMonthValue(), 2).append('-');
        digits(s, t.getDayOfMonth(), 2).append(' ');
        digits(s, t.getHour(), 2).append(':');
        digits(s, t.getMinute(), 2).append(':');
        digits(s, t.getSecond(), 2).append(',');
        return digits(s, t.getNano() / 1_000_000, 3).toString();
    }

    /** {@code value} zero-padded to {@code width} digits. */
    private static StringBuilder digits(StringBuilder s, int value, int width) {
        String d = Integer.toString(value);
        for (int i = d.length(); i < width; i++) {
            s.append('0');
        }
        return s.append(d);
    }

    /** A message carries text from packages and processes: it must not be able to forge a second line. */
    static String oneLine(String message) {
        return String.valueOf(message).replace("\r", "\\r").replace("\n", "\\n");
    }
}
