package org.tapin.testkit.disk;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A small tmpfs mounted on a test's folder (root only), to be filled up: what a thin client's log partition
 * looks like when something has written too much. {@link #close()} unmounts it; the folder is left empty.
 */
public final class TinyFilesystem implements AutoCloseable {

    private static final String FILLER = ".filler";

    private final Path mountPoint;

    private TinyFilesystem(Path mountPoint) {
        this.mountPoint = mountPoint;
    }

    /** Mounts a tmpfs of {@code kib} KiB on {@code mountPoint}, which must exist and be empty. */
    public static TinyFilesystem mount(Path mountPoint, int kib) {
        run("mount", "-t", "tmpfs", "-o", "size=" + kib + "k,mode=0755", "tapin-test-tiny", mountPoint.toString());
        return new TinyFilesystem(mountPoint);
    }

    /** Writes a file until the filesystem refuses (ENOSPC); returns the bytes written. */
    public long fill() {
        long written = 0;
        byte[] block = new byte[4096];
        try (OutputStream out = Files.newOutputStream(mountPoint.resolve(FILLER))) {
            while (true) {
                out.write(block);
                out.flush();
                written += block.length;
            }
        } catch (IOException full) {
            // No space left on device: what the test wanted
        }
        // The last partial page may still take a few bytes; top it up byte by byte.
        try (OutputStream out = Files.newOutputStream(mountPoint.resolve(FILLER + ".tail"))) {
            while (true) {
                out.write(0);
                out.flush();
                written++;
            }
        } catch (IOException full) {
            return written;
        }
    }

    /** True when not one more byte fits (the probe is removed again). */
    public boolean isFull() {
        Path probe = mountPoint.resolve(".probe");
        try {
            Files.write(probe, new byte[1]);
            return false;
        } catch (IOException full) {
            return true;
        } finally {
            try {
                Files.deleteIfExists(probe);
            } catch (IOException e) {
                // nothing to remove
            }
        }
    }

    /** Deletes the filler: the space is free again. */
    public void free() {
        try {
            Files.deleteIfExists(mountPoint.resolve(FILLER));
            Files.deleteIfExists(mountPoint.resolve(FILLER + ".tail"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path path() {
        return mountPoint;
    }

    @Override
    public void close() {
        // Lazy: a process that still holds a file open (the agent's log) must not keep the mount alive.
        run("umount", "-l", mountPoint.toString());
    }

    private static void run(String... command) {
        try {
            Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed (run the tests as root): " + out.strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command[0], e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + String.join(" ", command), e);
        }
    }
}
