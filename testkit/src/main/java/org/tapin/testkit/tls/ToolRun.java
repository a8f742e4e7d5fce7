package org.tapin.testkit.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a harness script to completion with a deadline and keeps what it printed, so that a failing
 * script shows up in the test report as its own words rather than as a bare exit code.
 */
final class ToolRun {
    record Result(List<String> command, int exitCode, String output) {
        boolean succeeded() {
            return exitCode == 0;
        }
    }

    private ToolRun() {}

    static Result run(Duration deadline, List<String> command) {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.get(0), e);
        }
        try {
            process.getOutputStream().close(); // no input: a script that reads gets end-of-file, not a hang
            // Read on the side: a script that prints more than a pipe holds must not block its own exit.
            CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
            if (!process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new IllegalStateException(command.get(0) + " did not finish within " + deadline.toSeconds() + " s");
            }
            return new Result(List.copyOf(command), process.exitValue(), output.get(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + command.get(0), e);
        } catch (IOException | ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the output of " + command.get(0), e);
        }
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
