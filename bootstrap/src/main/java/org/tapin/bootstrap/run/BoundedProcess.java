package org.tapin.bootstrap.run;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs a child of the loader to its end, within a time limit: a child that hangs (a JVM stuck on a broken disk, an
 * agent that never returns from its self-test) must not hold the install, so it is killed when late. Its output
 * (stdout and stderr together) is collected while it runs, so a full pipe never blocks it, and a failure comes back
 * as the one line an admin needs.
 */
final class BoundedProcess {
    /** How long a killed child is given to be gone before the loader moves on. */
    private static final long REAP_SECONDS = 5;

    private BoundedProcess() {}

    /**
     * Starts the child and waits at most {@code timeout}. Returns why it failed ("exit code 1: the error line",
     * "did not finish within 30 s", "interrupted"), or empty when it exited 0. An interrupted wait kills the child
     * and keeps the thread's interrupt status.
     *
     * @throws IOException when the child cannot be started (no such program, not executable)
     */
    static Optional<String> failure(ProcessBuilder builder, Duration timeout) throws IOException {
        Process p = builder.redirectErrorStream(true).start();
        ProcessOutput output = new ProcessOutput(p.getInputStream());
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor(REAP_SECONDS, TimeUnit.SECONDS);
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
