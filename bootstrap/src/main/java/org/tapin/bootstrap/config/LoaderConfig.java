package org.tapin.bootstrap.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The few {@code Imprivata.conf} keys the loader needs: {@code [agent] data-dir} (what {@code -w} wipes) and
 * {@code [log] dir} (where {@code bootstrap.log} goes).
 *
 * <p>A minimal INI reader of its own, because the loader may depend on the JDK alone: the agent's full reader
 * (Apache Commons Configuration) is exactly the kind of dependency that must not be able to stop the loader
 * from starting, and the agent validates the file properly anyway. Like the agent it accepts sections in any
 * order, key names in any case, a UTF-8 BOM, CRLF, and {@code ;} or {@code #} comments; a file it cannot read
 * leaves the defaults in place, since the loader must still start an agent that can report the problem.
 */
public record LoaderConfig(Path dataDir, Path logDir) {
    public static final Path DEFAULT_FILE = Path.of("/usr/lib/imprivata/runtime/etc/Imprivata.conf");
    public static final Path DEFAULT_DATA_DIR = Path.of("/.imprivata_data_runtime");
    private static final int MAX_BYTES = 1 << 20;

    public static LoaderConfig defaults() {
        return new LoaderConfig(DEFAULT_DATA_DIR, DEFAULT_DATA_DIR.resolve("log"));
    }

    public static LoaderConfig read(Path file) throws IOException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (NoSuchFileException e) {
            return defaults();
        }
        if (bytes.length > MAX_BYTES) {
            throw new IOException(file + " is larger than " + MAX_BYTES + " bytes: not a configuration file");
        }
        return parse(new String(bytes, StandardCharsets.UTF_8));
    }

    static LoaderConfig parse(String text) {
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        Path dataDir = null;
        Path logDir = null;
        String section = "";
        for (String raw : text.split("\r?\n|\r")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith(";") || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("[") && line.indexOf(']') > 0) {
                section = line.substring(1, line.indexOf(']')).strip();
                continue;
            }
            int eq = indexOfSeparator(line);
            if (eq < 0) {
                continue;
            }
            String key = line.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            String value = unquote(line.substring(eq + 1).strip());
            Path path = absolute(value);
            if (path == null) {
                continue;
            }
            if (section.equals("agent") && key.equals("data-dir")) {
                dataDir = path;
            } else if (section.equals("log") && key.equals("dir")) {
                logDir = path;
            }
        }
        Path data = dataDir == null ? DEFAULT_DATA_DIR : dataDir;
        return new LoaderConfig(data, logDir == null ? data.resolve("log") : logDir);
    }

    private static int indexOfSeparator(String line) {
        int eq = line.indexOf('=');
        int colon = line.indexOf(':');
        if (eq < 0) {
            return colon;
        }
        return colon < 0 ? eq : Math.min(eq, colon);
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                || value.startsWith("'") && value.endsWith("'"))) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }

    /** Only an absolute path counts: a relative one would depend on where the loader was started. */
    private static Path absolute(String value) {
        try {
            Path p = Path.of(value);
            return p.isAbsolute() ? p.normalize() : null;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
