package org.tapin.bootstrap.pkg;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Builds a signed package from a folder holding the agent as it should be installed (for example
 * {@code lib/*.jar}). The folder must contain regular files only: a symbolic link would mean a different file on
 * the build machine than on the endpoint, so it is an error rather than something to follow.
 */
public final class PackageBuilder {
    private PackageBuilder() {}

    public static Manifest build(Path folder, PrivateKey key, Version version, Instant expires,
            Requirements requirements, String mainClass, Path out) throws IOException, GeneralSecurityException,
            Refused {
        List<FileEntry> files = new ArrayList<>();
        List<Path> sources;
        try (Stream<Path> walk = Files.walk(folder)) {
            sources = walk.filter(p -> !p.equals(folder)).sorted(Comparator.comparing(p -> relative(folder, p)))
                    .toList();
        }
        List<Path> regular = new ArrayList<>();
        for (Path p : sources) {
            if (Files.isSymbolicLink(p)) {
                throw new Refused(p + " is a symbolic link: a package holds regular files only");
            }
            if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                throw new Refused(p + " is not a regular file");
            }
            String path = relative(folder, p);
            FileEntry.checkPath(path);
            files.add(new FileEntry(path, Files.size(p), sha256(p)));
            regular.add(p);
        }
        Manifest manifest = new Manifest(version, expires, requirements, mainClass, files);
        byte[] text = ManifestFormat.write(manifest);
        ManifestFormat.parse(text); // the builder never signs what the loader would refuse to read
        byte[] signature = Signatures.sign(text, key);

        Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(tmp))) {
            entry(zip, PackageLayout.MANIFEST, text);
            entry(zip, PackageLayout.SIGNATURE, signature);
            for (Path p : regular) {
                zip.putNextEntry(new ZipEntry(relative(folder, p)));
                Files.copy(p, zip);
                zip.closeEntry();
            }
        }
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return manifest;
    }

    private static void entry(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(bytes);
        zip.closeEntry();
    }

    private static String relative(Path folder, Path p) {
        return folder.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/");
    }

    static byte[] sha256(Path file) throws IOException {
        MessageDigest digest = sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return digest.digest();
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
