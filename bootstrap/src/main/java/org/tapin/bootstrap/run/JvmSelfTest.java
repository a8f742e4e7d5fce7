package org.tapin.bootstrap.run;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
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
        Process p;
        try {
            p = command.processBuilder(command.command(slotFolder, manifest, AgentCommand.SELF_TEST))
                    .directory(slotFolder.toFile())
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            return Optional.of("could not start " + command.java() + ": " + e.getMessage());
        }
        ProcessOutput output = new ProcessOutput(p.getInputStream());
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                return Optional.of("did not finish within " + timeout.toSeconds() + " s");
            }
            if (p.exitValue() == 0) {
                return Optional.empty();
            }
            String reason = ProcessOutput.reason(output.text());
            return Optional.of("exit code " + p.exitValue() + (reason.isEmpty() ? "" : ": " + reason));
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }
}
