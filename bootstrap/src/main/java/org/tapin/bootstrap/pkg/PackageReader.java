package org.tapin.bootstrap.pkg;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Opens a package file, proves it genuine and acceptable, and unpacks it into an empty folder.
 *
 * <p>Order matters: the signature is checked before the manifest is parsed, the manifest is accepted before
 * any file is written, and every file is written only as far as its declared length, hashed on the way and
 * synced to disk. The zip's own names and sizes are never trusted: every entry must be one the signed manifest
 * lists (no extra file from another package can ride along), and the loader creates every file itself with
 * {@code CREATE_NEW} in a folder it just made, so no entry can become a link or land outside the folder.
 */
public final class PackageReader {
    private final TrustedKeys keys;
    private final Acceptance acceptance;

    public PackageReader(TrustedKeys keys, Acceptance acceptance) {
        this.keys = keys;
        this.acceptance = acceptance;
    }

    /** Reads and checks the manifest only: cheap, and enough to refuse before unpacking anything. */
    public Manifest inspect(Path packageFile) throws Refused, IOException {
        try (ZipFile zip = open(packageFile)) {
            return checkedManifest(zip, entries(zip));
        }
    }

    /** Unpacks into {@code target}, which must not exist yet; on refusal what was written is left for the caller. */
    public Manifest unpack(Path packageFile, Path target) throws Refused, IOException {
        try (ZipFile zip = open(packageFile)) {
            Map<String, ZipEntry> entries = entries(zip);
            Manifest manifest = checkedManifest(zip, entries);
            for (FileEntry f : manifest.files()) {
                if (!entries.containsKey(f.path())) {
                    throw new Refused(f.path() + " is listed in the manifest but missing from the package");
                }
            }
            for (String name : entries.keySet()) {
                if (!name.equals(PackageLayout.MANIFEST) && !name.equals(PackageLayout.SIGNATURE)
                        && manifest.files().stream().noneMatch(f -> f.path().equals(name))) {
                    throw new Refused(name + " is in the package but not in its signed manifest");
                }
            }
            Files.createDirectory(target);
            for (FileEntry f : manifest.files()) {
                try (InputStream in = zip.getInputStream(entries.get(f.path()))) {
                    write(target, f, in);
                }
            }
            writeSmall(target.resolve(PackageLayout.MANIFEST), read(zip, entries.get(PackageLayout.MANIFEST),
                    PackageLayout.MAX_MANIFEST_BYTES));
            writeSmall(target.resolve(PackageLayout.SIGNATURE), read(zip, entries.get(PackageLayout.SIGNATURE),
                    PackageLayout.MAX_SIGNATURE_BYTES));
            return manifest;
        } catch (ZipException e) {
            throw new Refused("package is not a readable zip: " + e.getMessage());
        }
    }

    private static ZipFile open(Path packageFile) throws Refused, IOException {
        try {
            return new ZipFile(packageFile.toFile());
        } catch (ZipException e) {
            throw new Refused("package is not a readable zip: " + e.getMessage());
        }
    }

    private static Map<String, ZipEntry> entries(ZipFile zip) throws Refused {
        Map<String, ZipEntry> entries = new HashMap<>();
        Enumeration<? extends ZipEntry> all = zip.entries();
        while (all.hasMoreElements()) {
            ZipEntry e = all.nextElement();
            String name = e.getName();
            if (!name.equals(PackageLayout.MANIFEST) && !name.equals(PackageLayout.SIGNATURE)) {
                FileEntry.checkPath(name);
            }
            if (entries.put(name, e) != null) {
                throw new Refused("package holds " + name + " twice");
            }
            if (entries.size() > PackageLayout.MAX_FILES + 2) {
                throw new Refused("package holds more than " + PackageLayout.MAX_FILES + " files");
            }
        }
        return entries;
    }

    private Manifest checkedManifest(ZipFile zip, Map<String, ZipEntry> entries) throws Refused, IOException {
        ZipEntry manifestEntry = entries.get(PackageLayout.MANIFEST);
        ZipEntry signatureEntry = entries.get(PackageLayout.SIGNATURE);
        if (manifestEntry == null || signatureEntry == null) {
            throw new Refused("package has no signed manifest");
        }
        byte[] text = read(zip, manifestEntry, PackageLayout.MAX_MANIFEST_BYTES);
        keys.verify(text, Signatures.decode(read(zip, signatureEntry, PackageLayout.MAX_SIGNATURE_BYTES)));
        Manifest manifest = ManifestFormat.parse(text);
        acceptance.check(manifest);
        return manifest;
    }

    private static byte[] read(ZipFile zip, ZipEntry entry, int max) throws Refused, IOException {
        try (InputStream in = zip.getInputStream(entry)) {
            byte[] bytes = in.readNBytes(max + 1);
            if (bytes.length > max) {
                throw new Refused(entry.getName() + " is larger than " + max + " bytes");
            }
            return bytes;
        }
    }

    private static void write(Path target, FileEntry f, InputStream in) throws Refused, IOException {
        Path file = target.resolve(f.path()).normalize();
        if (!file.startsWith(target)) {
            throw new Refused(f.path() + " would be written outside the slot");
        }
        Files.createDirectories(file.getParent());
        MessageDigest digest = PackageBuilder.sha256();
        long written = 0;
        byte[] buffer = new byte[64 * 1024];
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                OutputStream out = java.nio.channels.Channels.newOutputStream(channel)) {
            int n;
            // Stop one byte past the declared length: an endless entry costs at most that much disk.
            while ((n = in.read(buffer, 0, (int) Math.min(buffer.length, f.size() + 1 - written))) > 0) {
                written += n;
                if (written > f.size()) {
                    throw new Refused(f.path() + " is longer than the " + f.size() + " bytes the manifest declares");
                }
                digest.update(buffer, 0, n);
                out.write(buffer, 0, n);
            }
            if (written != f.size()) {
                throw new Refused(f.path() + " is " + written + " bytes, the manifest declares " + f.size());
            }
            if (!Arrays.equals(digest.digest(), f.sha256())) {
                throw new Refused(f.path() + " does not match its SHA-256 in the manifest (tampered or corrupt)");
            }
            channel.force(true);
        }
    }

    private static void writeSmall(Path file, byte[] bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.wrap(bytes));
            channel.force(true);
        }
    }
}
