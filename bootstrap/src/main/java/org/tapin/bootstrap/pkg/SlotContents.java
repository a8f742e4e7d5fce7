package org.tapin.bootstrap.pkg;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a slot folder holds, read from disk only: every entry's kind, and every regular file's length and SHA-256.
 * It trusts nothing and decides nothing; {@link InstalledCheck} compares it with the signed manifest.
 *
 * <p>The files are hashed on a background thread, so that hashing an agent's worth of jars (about 17 MiB, the
 * largest part of the loader's start) runs while the caller checks the manifest's signature instead of after
 * it, and at the loader's start even while the trusted keys are read ({@code slot.SlotReadAhead}). One thread,
 * not one per core: on a busy two-core machine a second hashing thread only competed with the JIT compiler
 * threads that make the hashing fast, and did not shorten the start.
 */
public final class SlotContents {
    private static final int BUFFER_BYTES = 256 * 1024;

    /** An entry of the slot; {@code size} and {@code sha256} are those of a regular file, else 0 and empty. */
    public record Entry(Kind kind, long size, byte[] sha256) {}

    public enum Kind { FILE, DIRECTORY, OTHER }

    private final Path slot;
    private final Map<String, Entry> entries = new HashMap<>();
    private final List<Path> files = new ArrayList<>();
    private final Thread worker;
    private volatile boolean cancelled;
    private IOException failure;

    private SlotContents(Path slot) {
        this.slot = slot;
        this.worker = new Thread(this::read, "slot-check");
        worker.setDaemon(true);
    }

    /** Starts reading the slot in the background; {@link #entries()} waits for it. */
    public static SlotContents start(Path slot) {
        SlotContents contents = new SlotContents(slot);
        contents.worker.start();
        return contents;
    }

    /** The folder being read. */
    public Path slot() {
        return slot;
    }

    /** Every entry of the slot but the slot itself, by its path relative to the slot; any read error fails all. */
    public Map<String, Entry> entries() throws IOException, InterruptedException {
        worker.join(); // join: everything the worker wrote is visible from here on
        if (failure != null) {
            throw failure;
        }
        return Map.copyOf(entries);
    }

    /** Stops reading: the caller refused the slot for another reason and will not ask for the result. */
    public void cancel() {
        cancelled = true;
    }

    private void read() {
        try {
            list();
            ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
            MessageDigest digest = PackageBuilder.sha256();
            for (Path file : files) {
                if (cancelled) {
                    return;
                }
                entries.put(relative(file), hash(file, buffer, digest));
            }
        } catch (IOException e) {
            failure = e;
        } catch (RuntimeException e) {
            failure = new IOException(e.toString(), e); // a slot that cannot be read whole is refused, never half-checked
        }
    }

    private void list() throws IOException {
        Files.walkFileTree(slot, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                if (!dir.equals(slot)) {
                    entries.put(relative(dir), new Entry(Kind.DIRECTORY, 0, new byte[0]));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                // walkFileTree follows no links: a link is listed as OTHER, never as what it points to.
                if (attrs.isRegularFile()) {
                    files.add(file);
                } else {
                    entries.put(relative(file), new Entry(Kind.OTHER, 0, new byte[0]));
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** The length is what was read and hashed, not what the directory said before: the two cannot disagree. */
    private static Entry hash(Path file, ByteBuffer buffer, MessageDigest digest) throws IOException {
        digest.reset();
        long size = 0;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            int n;
            while ((n = ch.read(buffer.clear())) >= 0) {
                digest.update(buffer.array(), 0, n);
                size += n;
            }
        }
        return new Entry(Kind.FILE, size, digest.digest());
    }

    private String relative(Path p) {
        return slot.relativize(p).toString();
    }
}
