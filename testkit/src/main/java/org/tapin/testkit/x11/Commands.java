package org.tapin.testkit.x11;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs a short-lived command to completion with a deadline, keeping both output streams. */
final class Commands {
    /** Blocking stream readers need a thread each; the common pool may have only one on a small machine. */
    private static final ExecutorService READERS = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "x11-command-output");
        thread.setDaemon(true);
        return thread;
    });

    private Commands() {}

    record Result(List<String> command, int exitCode, byte[] stdout, String stderr) {
        String out() {
            return new String(stdout, StandardCharsets.UTF_8).strip();
        }

        boolean ok() {
            return exitCode == 0;
        }

        /** This result if the command succeeded, else an exception naming the command, its exit code and stderr. */
        Result orThrow() {
            if (!ok()) {
                throw new IllegalStateException(
                        String.join(" ", command) + " failed with exit code " + exitCode
                                + (stderr.isBlank() ? "" : ":\n" + stderr.strip()));
            }
            return this;
        }
    }

    static Result run(ProcessBuilder builder, Duration timeout) {
        List<String> command = List.copyOf(builder.command());
        Process process;
        try {
            process = builder.redirectInput(ProcessBuilder.Redirect.PIPE).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
        }
        try {
            process.getOutputStream().close();
            // Both streams are drained at once: a full stderr pipe would otherwise block the command.
            CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()), READERS);
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()), READERS);
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(String.join(" ", command) + " did not finish within " + timeout);
            }
            return new Result(command, process.exitValue(), out.get(5, TimeUnit.SECONDS),
                    new String(err.get(5, TimeUnit.SECONDS), StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the output of " + String.join(" ", command), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            process.destroyForcibly();
        }
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
