package org.tapin.bootstrap.slot;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.CRC32;
import org.tapin.bootstrap.pkg.Refused;
import org.tapin.bootstrap.pkg.Version;

/**
 * The state as a small text file, replaced whole: written to {@code state.tmp}, synced, renamed over
 * {@code state} (atomic on POSIX file systems), then the folder is synced so the rename itself survives a power
 * cut. A reader therefore sees the old state or the new one, never a mix. The last line is a CRC-32 of the
 * others, because a file system mounted without ordered data can still leave a renamed file with zeros in it;
 * such a file is reported as corrupt instead of being half believed.
 */
public final class StateFile {
    public static final String NAME = "state";
    private static final String TMP = "state.tmp";
    private static final int MAX_BYTES = 64 * 1024;

    private final Path home;

    public StateFile(Path home) {
        this.home = home;
    }

    public Path path() {
        return home.resolve(NAME);
    }

    /** The stored state; empty if none was ever written; {@link Refused} if the file is damaged. */
    public Optional<LoaderState> read() throws IOException, Refused {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        if (bytes.length > MAX_BYTES) {
            throw new Refused("state file is larger than " + MAX_BYTES + " bytes");
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        int last = text.lastIndexOf("crc32=");
        if (last < 0 || !text.endsWith("\n")) {
            throw new Refused("state file is incomplete");
        }
        String body = text.substring(0, last);
        if (!text.substring(last + 6, text.length() - 1).equals(crc(body))) {
            throw new Refused("state file fails its checksum");
        }
        Map<String, String> values = new HashMap<>();
        for (String line : body.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                values.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        try {
            Set<Version> quarantined = new HashSet<>();
            for (String v : values.getOrDefault("quarantined", "").split(",")) {
                if (!v.isEmpty()) {
                    quarantined.add(Version.parse(v));
                }
            }
            return Optional.of(new LoaderState(slot(values.get("current")), slot(values.get("good")),
                    Integer.parseInt(values.getOrDefault("tries", "0")),
                    values.getOrDefault("floor", "").isEmpty() ? Optional.empty()
                            : Optional.of(Version.parse(values.get("floor"))),
                    quarantined, values.getOrDefault("last-failure", "")));
        } catch (IllegalArgumentException e) {
            throw new Refused("state file is malformed: " + e.getMessage());
        }
    }

    public void write(LoaderState s) throws IOException {
        String body = "current=" + s.current().map(Slot::folderName).orElse("") + "\n"
                + "good=" + s.good().map(Slot::folderName).orElse("") + "\n"
                + "tries=" + s.triesLeft() + "\n"
                + "floor=" + s.floor().map(Version::toString).orElse("") + "\n"
                + "quarantined=" + s.quarantined().stream().sorted().map(Version::toString)
                        .collect(Collectors.joining(",")) + "\n"
                + "last-failure=" + s.lastFailure() + "\n";
        byte[] bytes = (body + "crc32=" + crc(body) + "\n").getBytes(StandardCharsets.UTF_8);
        Path tmp = home.resolve(TMP);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(ByteBuffer.wrap(bytes));
            ch.force(true);
        }
        Files.move(tmp, path(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Durable.syncFolder(home);
    }

    private static Optional<Slot> slot(String text) {
        return text == null || text.isEmpty() ? Optional.empty() : Optional.of(Slot.parse(text));
    }

    private static String crc(String body) {
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.UTF_8));
        return Long.toHexString(crc.getValue());
    }
}
