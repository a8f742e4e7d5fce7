package org.tapin.bootstrap.run;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.tapin.bootstrap.pkg.Manifest;
import org.tapin.bootstrap.slot.SelfTest;

/**
 * Runs {@code java -cp <slot jars> <main> --self-test} with the JVM the agent will really run on. This is where
 * what no manifest can promise is caught: a class file too new for this JVM ({@code UnsupportedClassVersionError},
 * Java's "bad magic number"), a missing class, a native library that does not load. Exit 0 within the timeout
 * passes; anything else fails with the agent's own error line.
 */
public final class JvmSelfTest implements SelfTest {
    private final AgentCommand command;
    private final Duration timeout;

    public JvmSelfTest(AgentCommand command, Duration timeout) {
        this.command = command;
        this.timeout = timeout;
    }

    @Override
    public Optional<String> failure(Path slotFolder, Manifest manifest) {
        ProcessBuilder selfTest = command.processBuilder(command.command(slotFolder, manifest, AgentCommand.SELF_TEST))
                .directory(slotFolder.toFile());
        try {
            return BoundedProcess.failure(selfTest, timeout);
        } catch (IOException e) {
            return Optional.of("could not start " + command.java() + ": " + e.getMessage());
        }
    }
}
