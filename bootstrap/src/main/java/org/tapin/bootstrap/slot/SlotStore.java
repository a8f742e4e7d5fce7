package org.tapin.bootstrap.slot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.tapin.bootstrap.pkg.InstalledCheck;
import org.tapin.bootstrap.pkg.Manifest;
import org.tapin.bootstrap.pkg.Refused;
import org.tapin.bootstrap.pkg.SlotContents;
import org.tapin.bootstrap.pkg.TrustedKeys;

/**
 * The loader's home: {@code a/} and {@code b/} (installed versions), {@code incoming/} (a package being
 * unpacked, on the same file system so that moving it into a slot is one rename), {@code state}, and the
 * {@code health} file the agent on probation creates.
 */
public final class SlotStore {
    public static final String INCOMING = "incoming";
    public static final String HEALTH = "health";

    private final Path home;
    private final TrustedKeys keys;
    private final StateFile stateFile;
    private final SlotReadAhead readAhead;

    public SlotStore(Path home, TrustedKeys keys) throws IOException {
        this(home, keys, SlotReadAhead.none());
    }

    /** A store whose first slot check may use the files {@code readAhead} already started hashing. */
    public SlotStore(Path home, TrustedKeys keys, SlotReadAhead readAhead) throws IOException {
        this.home = Files.createDirectories(home);
        this.keys = keys;
        this.stateFile = new StateFile(home);
        this.readAhead = readAhead;
    }

    public Path home() {
        return home;
    }

    public Path folder(Slot slot) {
        return folder(home, slot);
    }

    static Path folder(Path home, Slot slot) {
        return home.resolve(slot.folderName());
    }

    public Path incoming() {
        return home.resolve(INCOMING);
    }

    public Path healthFile() {
        return home.resolve(HEALTH);
    }

    /** Fresh while the running agent says the endpoint is idle at the lock. */
    public Path idleFile() {
        return home.resolve("idle");
    }

    /** The loader's reports for the agent to turn into audit events. */
    public Path reports() {
        return home.resolve("reports");
    }

    public TrustedKeys keys() {
        return keys;
    }

    public Optional<LoaderState> readState() throws IOException, Refused {
        return stateFile.read();
    }

    public void writeState(LoaderState state) throws IOException {
        stateFile.write(state);
    }

    /** The slot's manifest if everything in it is still exactly what was signed. */
    public Manifest verify(Slot slot) throws Refused {
        Path folder = folder(slot);
        // Taken by the first check whatever it checks: any later one reads the disk afresh.
        Optional<SlotContents> early = readAhead.take(folder);
        if (!Files.isDirectory(folder)) {
            early.ifPresent(SlotContents::cancel);
            throw new Refused("slot " + slot.folderName() + " is empty");
        }
        return InstalledCheck.verify(keys, early.orElseGet(() -> SlotContents.start(folder)));
    }

    /** The installed version of a slot for display, or why there is none. */
    public String describe(Slot slot) {
        if (!Files.exists(folder(slot))) {
            return "empty";
        }
        try {
            return verify(slot).version().toString();
        } catch (Refused e) {
            return "unusable (" + e.getMessage() + ")";
        }
    }
}
