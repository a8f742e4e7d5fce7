package org.tapin.bootstrap.pkg;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Proves that an installed slot is still exactly what was signed: the manifest verifies against a trusted key,
 * every listed file is a regular file of the right length and SHA-256, and nothing else is there (a stray jar in
 * {@code lib/} would join the class path). Run at every start, because a disk, an OS upgrade or a hand can change
 * files after they were installed; the loader this replaces kept importing a damaged main loader instead.
 */
public final class InstalledCheck {
    private InstalledCheck() {}

    public static Manifest verify(Path slot, TrustedKeys keys) throws Refused {
        return verify(keys, SlotContents.start(slot));
    }

    /**
     * The same check of the slot {@code contents} is reading, started for this check alone. The files are hashed
     * while the signature is checked (or, read ahead, even before); nothing read from them counts until the
     * signature verified.
     */
    public static Manifest verify(TrustedKeys keys, SlotContents contents) throws Refused {
        Path slot = contents.slot();
        boolean compared = false;
        try {
            byte[] text = small(slot.resolve(PackageLayout.MANIFEST), PackageLayout.MAX_MANIFEST_BYTES);
            keys.verify(text, Signatures.decode(small(slot.resolve(PackageLayout.SIGNATURE),
                    PackageLayout.MAX_SIGNATURE_BYTES)));
            Manifest manifest = ManifestFormat.parse(text);
            compared = true;
            compare(manifest, contents.entries());
            return manifest;
        } catch (NoSuchFileException e) {
            throw new Refused("slot has no " + Path.of(e.getFile()).getFileName());
        } catch (IOException e) {
            throw new Refused("slot cannot be read: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Refused("slot check interrupted");
        } finally {
            if (!compared) {
                contents.cancel();
            }
        }
    }

    /** Every listed file is there, regular, of its length and SHA-256; nothing unlisted is there. */
    private static void compare(Manifest manifest, Map<String, SlotContents.Entry> entries) throws Refused {
        Set<String> expected = new HashSet<>();
        for (FileEntry f : manifest.files()) {
            expected.add(f.path());
            SlotContents.Entry found = entries.get(f.path());
            if (found == null || found.kind() != SlotContents.Kind.FILE) {
                throw new Refused(f.path() + " is missing or not a regular file");
            }
            if (found.size() != f.size()) {
                throw new Refused(f.path() + " is " + found.size() + " bytes, the manifest declares " + f.size());
            }
            if (!MessageDigest.isEqual(found.sha256(), f.sha256())) {
                throw new Refused(f.path() + " does not match its SHA-256 in the manifest (changed on disk)");
            }
        }
        for (Map.Entry<String, SlotContents.Entry> e : new TreeMap<>(entries).entrySet()) {
            String rel = e.getKey();
            if (rel.equals(PackageLayout.MANIFEST) || rel.equals(PackageLayout.SIGNATURE) || expected.contains(rel)) {
                continue;
            }
            if (e.getValue().kind() == SlotContents.Kind.DIRECTORY && holdsListedFile(expected, rel)) {
                continue;
            }
            throw new Refused(rel + " is in the slot but not in its signed manifest");
        }
    }

    private static boolean holdsListedFile(Set<String> expected, String dir) {
        for (String path : expected) {
            if (path.startsWith(dir + "/")) {
                return true;
            }
        }
        return false;
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
