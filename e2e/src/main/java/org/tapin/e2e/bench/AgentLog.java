package org.tapin.e2e.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The agent's log file ({@code TIME - LOGGER - LEVEL: MESSAGE} lines) as a benchmark reads it: again as it grows,
 * matching messages only, and giving a line's own time, so figures come from the agent's clock, not the reader's.
 */
final class AgentLog {

    private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");
    private static final Pattern LINE = Pattern.compile("^(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3}) - \\S+ - \\w+: (.*)$");

    private final Path file;
    private List<String> lines = List.of();

    AgentLog(Path file) {
        this.file = file;
    }

    int size() throws IOException {
        return read().size();
    }

    /** The wall-clock time (ms) of the first line from index {@code from} whose message matches. */
    long await(int from, Predicate<String> message, long timeoutMillis) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true) {
            List<String> all = read();
            for (int i = from; i < all.size(); i++) {
                Matcher m = LINE.matcher(all.get(i));
                if (m.matches() && message.test(m.group(2))) {
                    return LocalDateTime.parse(m.group(1), LOG_TIME).atZone(ZoneId.systemDefault()).toInstant()
                            .toEpochMilli();
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no such line in " + file + " after line " + from + " within "
                        + timeoutMillis + " ms; its last lines:\n" + String.join("\n",
                                all.subList(Math.max(0, all.size() - 15), all.size())));
            }
            Thread.sleep(20);
        }
    }

    private List<String> read() throws IOException {
        if (Files.exists(file)) {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        }
        return lines;
    }
}
