package org.tapin.bootstrap.slot;

import java.nio.file.Path;
import java.util.Optional;
import org.tapin.bootstrap.pkg.Manifest;

/** Runs a staged agent's own self-test before the loader switches to it. */
public interface SelfTest {
    /** Empty if the agent in {@code slotFolder} passed; otherwise the one line that says why it failed. */
    Optional<String> failure(Path slotFolder, Manifest manifest);
}
