package org.tapin.bootstrap.slot;

import java.io.IOException;
import java.nio.file.Path;
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
 */
public final class SlotReadAhead {
    private final AtomicReference<SlotContents> pending;

    private SlotReadAhead(SlotContents contents) {
        this.pending = new AtomicReference<>(contents);
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
        return new SlotReadAhead(slot.map(s -> SlotContents.start(SlotStore.folder(home, s))).orElse(null));
    }

    /**
     * What was read ahead, for a check of {@code folder}; empty if nothing was, if it was another folder
     * (that reading is stopped), or if an earlier check took it already.
     */
    Optional<SlotContents> take(Path folder) {
        SlotContents contents = pending.getAndSet(null);
        if (contents == null) {
            return Optional.empty();
        }
        if (!contents.slot().equals(folder)) {
            contents.cancel();
            return Optional.empty();
        }
        return Optional.of(contents);
    }

    /** Stops the reading if nothing took it: the loader goes no further than its start. */
    public void cancel() {
        SlotContents contents = pending.getAndSet(null);
        if (contents != null) {
            contents.cancel();
        }
    }
}
