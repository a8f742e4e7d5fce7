package org.tapin.bootstrap.run;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Collects a child's output, bounded (a chatty or hostile agent cannot grow the loader's heap), on a thread of
 * its own so that a full pipe never blocks the child, and picks from it the line that says why it failed.
 */
final class ProcessOutput {
    private static final int MAX_BYTES = 64 * 1024;
    /** A Throwable's class name followed by a colon: {@code java.lang.UnsupportedClassVersionError: ...}. */
    private static final Pattern THROWABLE = Pattern.compile("\\b([a-z][A-Za-z0-9_$]*\\.)+[A-Za-z0-9_$]*(Error|Exception)\\b(:.*)?");

    private final StringBuilder text = new StringBuilder();
    private final Thread reader;

    ProcessOutput(InputStream in) {
        reader = new Thread(() -> {
            byte[] buffer = new byte[8192];
            int total = 0;
            try (in) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    if (total < MAX_BYTES) {
                        int keep = Math.min(n, MAX_BYTES - total);
                        synchronized (text) {
                            text.append(new String(buffer, 0, keep, StandardCharsets.UTF_8));
                        }
                        total += keep;
                    }
                }
            } catch (IOException e) {
                // the child closed its end; what was read is what there is
            }
        }, "agent-output");
        reader.setDaemon(true);
        reader.start();
    }

    String text() throws InterruptedException {
        reader.join(2000);
        synchronized (text) {
            return text.toString();
        }
    }

    /** The line an admin needs: the first thrown error if any, else the last line printed; at most 300 chars. */
    static String reason(String output) {
        String line = firstError(output);
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }

    private static String firstError(String output) {
        String last = "";
        for (String raw : output.split("\r?\n")) {
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            Matcher m = THROWABLE.matcher(line);
            if (m.find()) {
                return m.group();
            }
            last = line;
        }
        return last;
    }
}
