package org.tapin.bootstrap.wipe;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tapin.bootstrap.slot.Durable;

/**
 * {@code tapin-bootstrap -w}: empties the agent's runtime data folder (cached policy, audit queue, sockets), the
 * scripted form of what admins did by hand when the loader this replaces was stuck. Configuration, trusted keys
 * and installed agent versions stay, and so does the log folder, which support needs to learn why a wipe was
 * necessary.
 *
 * <p>It refuses a data folder that is not absolute, is the root, is a symbolic link, or contains anything that
 * must survive (the configuration file, the trusted keys, the loader's own home): a typo in
 * {@code Imprivata.conf} must not turn a wipe into {@code rm -rf /}. Links inside are removed, never followed.
 */
public final class RuntimeWipe {

    public record Result(Path folder, int removed, List<Path> kept) {}

    private RuntimeWipe() {}

    public static Result wipe(Path dataDir, List<Path> mustSurvive, List<Path> keep) throws IOException {
        if (!dataDir.isAbsolute() || dataDir.getNameCount() == 0) {
            throw new IOException("refusing to wipe " + dataDir + ": not an absolute folder below /");
        }
        Path data = dataDir.normalize();
        if (Files.isSymbolicLink(data)) {
            throw new IOException("refusing to wipe " + data + ": it is a symbolic link");
        }
        for (Path p : mustSurvive) {
            Path other = p.toAbsolutePath().normalize();
            if (other.startsWith(data)) {
                throw new IOException("refusing to wipe " + data + ": it holds " + other);
            }
        }
        if (!Files.isDirectory(data, LinkOption.NOFOLLOW_LINKS)) {
            return new Result(data, 0, List.of());
        }
        int removed = 0;
        List<Path> kept = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(data)) {
            for (Path entry : entries) {
                if (keep.stream().anyMatch(k -> k.toAbsolutePath().normalize().equals(entry))) {
                    kept.add(entry);
                    continue;
                }
                Durable.deleteTree(entry);
                removed++;
            }
        }
        return new Result(data, removed, kept);
    }
}
