package org.tapin.bootstrap.slot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.tapin.bootstrap.pkg.Refused;
import org.tapin.bootstrap.pkg.SlotContents;

/**
 * Starts hashing the slot the loader will most likely run before the loader can check it: hashing an agent's
 * jars is the longest part of the start, and reading the configuration, setting up the log and loading the
 * trusted keys (which starts Java's crypto providers) can all run meanwhile.
 *
 * <p>It guesses the slot from the state file, which is read again and decided on as usual: a wrong guess only
 * costs the hashing. What it hashed counts only as {@link SlotContents} always does, after the manifest's
 * signature verified and under the unchanged check; and only for the first slot check of the store, since a
 * later check (the next start of the agent, an install) must see the disk as it is then.
 *
 * <p>It starts before the loader holds its lock, so another loader may still be installing: an install that
 * replaces this very slot (the version on probation) deletes the folder and renames a new one into its place.
 * What was hashed then mixes two versions and would refuse a good slot, so it counts only if the folder is still
 * the one that was read: same file key (device and inode) as when the reading started. The new folder was
 * created before the old one was deleted, so it never has the old one's inode.
 */
public final class SlotReadAhead {
    /** The reading under way and the identity of the folder it reads. */
    private record Pending(SlotContents contents, Object folderKey) {}

    private final AtomicReference<Pending> pending;

    private SlotReadAhead(Pending pending) {
        this.pending = new AtomicReference<>(pending);
    }

    /** Reads nothing ahead: every check hashes the slot itself. */
    public static SlotReadAhead none() {
        return new SlotReadAhead(null);
    }

    /**
     * Starts hashing the slot the state in {@code home} names as current (else as good); nothing if there is
     * none, or the state cannot be read (the start reports that itself).
     */
    public static SlotReadAhead start(Path home) {
        Optional<Slot> slot;
        try {
            slot = new StateFile(home).read().flatMap(s -> s.current().or(s::good));
        } catch (IOException | Refused e) {
            slot = Optional.empty();
        }
        Optional<Path> folder = slot.map(s -> SlotStore.folder(home, s));
        Object key = folder.map(SlotReadAhead::folderKey).orElse(null);
        // Without a key no replacement could be told apart: then nothing is read ahead.
        return key == null ? none() : new SlotReadAhead(new Pending(SlotContents.start(folder.get()), key));
    }

    /**
     * What was read ahead, for a check of {@code folder}; empty if nothing was, if it was another folder or the
     * folder was replaced since (that reading is stopped), or if an earlier check took it already.
     */
    Optional<SlotContents> take(Path folder) {
        Pending read = pending.getAndSet(null);
        if (read == null) {
            return Optional.empty();
        }
        if (!read.contents().slot().equals(folder) || !Objects.equals(read.folderKey(), folderKey(folder))) {
            read.contents().cancel();
            return Optional.empty();
        }
        return Optional.of(read.contents());
    }

    /** Stops the reading if nothing took it: the loader goes no further than its start. */
    public void cancel() {
        Pending read = pending.getAndSet(null);
        if (read != null) {
            read.contents().cancel();
        }
    }

    /** The folder's identity on disk (device and inode on Linux), or null if it has none or cannot be read. */
    private static Object folderKey(Path folder) {
        try {
            return Files.readAttributes(folder, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        } catch (IOException e) {
            return null;
        }
    }
}
