package org.tapin.bootstrap.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.tapin.bootstrap.pkg.FileEntry;
import org.tapin.bootstrap.pkg.Manifest;
import org.tapin.bootstrap.slot.ClassDataDump;
import org.tapin.bootstrap.slot.SlotArchive;

/**
 * {@code java -Xshare:dump} with the JVM the agent runs on, the class list the package carries and the slot's class
 * path exactly as {@link AgentCommand} builds it (an archive serves only that class path). Written to a temporary
 * name and renamed, so the agent never sees half an archive; the rename also makes it newer than the slot's jars.
 */
public final class JvmClassDataDump implements ClassDataDump {
    private final Path java;
    private final Duration timeout;

    public JvmClassDataDump(Path java, Duration timeout) {
        this.java = java;
        this.timeout = timeout;
    }

    @Override
    public Optional<String> failure(Path slotFolder, Manifest manifest) {
        boolean listed = manifest.files().stream().map(FileEntry::path).anyMatch(SlotArchive.CLASS_LIST::equals);
        if (!listed) {
            return Optional.empty(); // a package without a class list: its agent starts from its jars
        }
        Path archive = SlotArchive.of(slotFolder);
        Path partial = archive.resolveSibling(archive.getFileName() + ".tmp");
        try {
            Files.deleteIfExists(partial);
            Optional<String> failure = dump(slotFolder, manifest, partial);
            if (failure.isEmpty()) {
                Files.move(partial, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            return failure;
        } catch (IOException e) {
            return Optional.of(e.toString());
        } finally {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException e) {
                // the next install removes it; a stray file beside the slots costs nothing
            }
        }
    }

    private Optional<String> dump(Path slotFolder, Manifest manifest, Path out) throws IOException {
        List<String> cmd = List.of(java.toString(), "-Xshare:dump", "-Xlog:cds*=error",
                "-XX:SharedClassListFile=" + slotFolder.resolve(SlotArchive.CLASS_LIST),
                "-XX:SharedArchiveFile=" + out,
                "-cp", AgentCommand.classPath(AgentCommand.jars(slotFolder, manifest)));
        Optional<String> failure = BoundedProcess.failure(new ProcessBuilder(cmd), timeout);
        if (failure.isEmpty() && !Files.isRegularFile(out)) {
            failure = Optional.of("exited 0 but wrote no archive");
        }
        return failure.map(why -> "class-data dump " + why);
    }
}
