package org.tapin.bootstrap.pkg;

import java.time.Instant;
import java.util.List;

/**
 * The signed description of one agent package: which version, until when the signature may be used to install
 * it, what it needs, how to start it and every file it consists of. One manifest lists every file, so files of
 * two packages can never be mixed into one install.
 */
public record Manifest(Version version, Instant expires, Requirements requirements, String mainClass,
        List<FileEntry> files) {

    public Manifest {
        files = List.copyOf(files);
    }

    public long totalBytes() {
        return files.stream().mapToLong(FileEntry::size).sum();
    }
}
