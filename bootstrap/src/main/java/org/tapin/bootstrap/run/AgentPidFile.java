package org.tapin.bootstrap.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Remembers the running agent's pid and start time, so that a loader started after its predecessor was killed
 * (kill -9, a crash, no systemd to kill the whole unit) stops the orphaned agent before starting another: two
 * agents would fight over the X server, the reader and the lock. The start time guards against pid reuse: a
 * process is only stopped if it is the one that was started, not a newer one that got the same number.
 */
final class AgentPidFile {
    private final Path file;

    AgentPidFile(Path file) {
        this.file = file;
    }

    void record(Process p) throws IOException {
        Optional<Instant> started = p.info().startInstant();
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, p.pid() + " " + started.map(Instant::toString).orElse("-") + "\n",
                StandardCharsets.US_ASCII);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    void clear() throws IOException {
        Files.deleteIfExists(file);
    }

    /** The recorded agent's pid, if that very process (same start time) is still alive. */
    Optional<Long> alive() {
        return recorded().map(ProcessHandle::pid);
    }

    private Optional<ProcessHandle> recorded() {
        String[] parts;
        try {
            parts = Files.readString(file, StandardCharsets.US_ASCII).strip().split(" ");
        } catch (IOException e) {
            return Optional.empty();
        }
        if (parts.length != 2 || parts[1].equals("-")) {
            return Optional.empty();
        }
        long pid;
        Instant started;
        try {
            pid = Long.parseLong(parts[0]);
            started = Instant.parse(parts[1]);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(h -> h.info().startInstant().equals(Optional.of(started)));
    }

    /** Stops the recorded agent if it is still the same process; returns its pid if one was stopped. */
    Optional<Long> stopOrphan() throws IOException, InterruptedException {
        Optional<ProcessHandle> orphan = recorded();
        Files.deleteIfExists(file);
        if (orphan.isEmpty()) {
            return Optional.empty();
        }
        ProcessHandle h = orphan.get();
        h.destroy();
        try {
            h.onExit().get(5, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            h.destroyForcibly();
            try {
                h.onExit().get(5, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e2) {
                // reported below as stopped; the kernel finishes a SIGKILL on its own
            }
        }
        return Optional.of(h.pid());
    }
}
