package org.tapin.bootstrap.slot;

import java.nio.file.Path;
import java.util.Optional;
import org.tapin.bootstrap.pkg.Manifest;

/** Makes the agent's class-data archive for an installed slot; a failure only costs start-up time. */
public interface ClassDataDump {
    /**
     * Writes {@link SlotArchive#of(Path)} for the agent in {@code slotFolder}, or leaves none. Empty when written or
     * when the package carries no class list; otherwise the one line that says why there is none.
     */
    Optional<String> failure(Path slotFolder, Manifest manifest);
}
