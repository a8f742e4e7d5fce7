package org.tapin.bootstrap.pkg;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Proves that an installed slot is still exactly what was signed: the manifest verifies against a trusted key,
 * every listed file is a regular file of the right length and SHA-256, and nothing else is there (a stray jar in
 * {@code lib/} would join the class path). Run at every start, because a disk, an OS upgrade or a hand can change
 * files after they were installed; the loader this replaces kept importing a damaged main loader instead.
 */
public final class InstalledCheck {
    private InstalledCheck() {}

    public static Manifest verify(Path slot, TrustedKeys keys) throws Refused {
        try {
            byte[] text = small(slot.resolve(PackageLayout.MANIFEST), PackageLayout.MAX_MANIFEST_BYTES);
            keys.verify(text, Signatures.decode(small(slot.resolve(PackageLayout.SIGNATURE),
                    PackageLayout.MAX_SIGNATURE_BYTES)));
            Manifest manifest = ManifestFormat.parse(text);
            Set<String> expected = new HashSet<>();
            for (FileEntry f : manifest.files()) {
                expected.add(f.path());
                Path file = slot.resolve(f.path());
                if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    throw new Refused(f.path() + " is missing or not a regular file");
                }
                if (Files.size(file) != f.size()) {
                    throw new Refused(f.path() + " is " + Files.size(file) + " bytes, the manifest declares "
                            + f.size());
                }
                if (!Arrays.equals(PackageBuilder.sha256(file), f.sha256())) {
                    throw new Refused(f.path() + " does not match its SHA-256 in the manifest (changed on disk)");
                }
            }
            try (Stream<Path> walk = Files.walk(slot)) {
                for (Path p : (Iterable<Path>) walk::iterator) {
                    String rel = slot.relativize(p).toString();
                    if (p.equals(slot) || rel.equals(PackageLayout.MANIFEST) || rel.equals(PackageLayout.SIGNATURE)
                            || expected.contains(rel)) {
                        continue;
                    }
                    if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)
                            && expected.stream().anyMatch(e -> e.startsWith(rel + "/"))) {
                        continue;
                    }
                    throw new Refused(rel + " is in the slot but not in its signed manifest");
                }
            }
            return manifest;
        } catch (NoSuchFileException e) {
            throw new Refused("slot has no " + Path.of(e.getFile()).getFileName());
        } catch (IOException e) {
            throw new Refused("slot cannot be read: " + e.getMessage());
        }
    }

    private static byte[] small(Path file, int max) throws IOException, Refused {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new Refused("slot has no " + file.getFileName());
        }
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            byte[] bytes = in.readNBytes(max + 1);
            if (bytes.length > max) {
                throw new Refused(file.getFileName() + " is larger than " + max + " bytes");
            }
            return bytes;
        }
    }
}
