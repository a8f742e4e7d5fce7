package org.tapin.appliance.packages;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.tapin.bootstrap.pkg.Manifest;
import org.tapin.bootstrap.pkg.ManifestFormat;
import org.tapin.bootstrap.pkg.PackageLayout;
import org.tapin.bootstrap.pkg.Refused;
import org.tapin.bootstrap.pkg.Version;

/**
 * The signed agent packages this appliance hands to endpoints: one file per version, {@code VERSION.pkg}, in the
 * {@code packages} folder next to the store, so that an admin (or a second appliance's sync) can see and copy
 * them as plain files.
 *
 * <p>The appliance is a mirror, not a trust anchor (the TUF model): it reads a package's manifest only to learn
 * its version and to refuse what is plainly not a package; the signature, expiry, rollback floor and every
 * file's hash are checked by the endpoint's loader against the keys it ships with. A stolen appliance can
 * therefore withhold updates but never install code of its own.
 */
public final class AgentPackages {

    /** What is published: a version, its file, its size. */
    public record Published(Version version, Path file, long bytes) {}

    private static final String SUFFIX = ".pkg";
    private final Path folder;

    public AgentPackages(Path folder) {
        this.folder = folder;
    }

    /** The folder {@code packages} beside the store file. */
    public static AgentPackages nextTo(Path storeFile) {
        return new AgentPackages(storeFile.toAbsolutePath().getParent().resolve("packages"));
    }

    public Path folder() {
        return folder;
    }

    /**
     * Copies a package in under its manifest's version, replacing the same version (a rebuilt package keeps its
     * version only if the signer says so). Written under a temporary name and renamed, so an endpoint never
     * downloads half a file.
     */
    public Published publish(Path packageFile) throws IOException, Refused {
        Manifest manifest = manifestOf(packageFile);
        Files.createDirectories(folder);
        Path target = folder.resolve(manifest.version() + SUFFIX);
        Path tmp = Files.createTempFile(folder, ".incoming-", ".tmp");
        try {
            Files.copy(packageFile, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return new Published(manifest.version(), target, Files.size(target));
    }

    /** The file of {@code version}, if published; a text that is not a version is simply not found. */
    public Optional<Published> find(String version) throws IOException {
        Version v;
        try {
            v = Version.parse(version);
        } catch (Refused e) {
            return Optional.empty();
        }
        Path file = folder.resolve(v + SUFFIX);
        try {
            return Optional.of(new Published(v, file, Files.size(file)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** Published versions, oldest first. */
    public List<Published> list() throws IOException {
        List<Published> all = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return all;
        }
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(folder, "*" + SUFFIX)) {
            for (Path file : dir) {
                String name = file.getFileName().toString();
                find(name.substring(0, name.length() - SUFFIX.length())).ifPresent(all::add);
            }
        }
        all.sort(Comparator.comparing(Published::version));
        return all;
    }

    public boolean remove(String version) throws IOException {
        Optional<Published> p = find(version);
        return p.isPresent() && Files.deleteIfExists(p.get().file());
    }

    /** The manifest, read without trusting it: enough to name the file and to refuse a file that is no package. */
    static Manifest manifestOf(Path packageFile) throws IOException, Refused {
        try (ZipFile zip = new ZipFile(packageFile.toFile())) {
            ZipEntry entry = zip.getEntry(PackageLayout.MANIFEST);
            if (entry == null || zip.getEntry(PackageLayout.SIGNATURE) == null) {
                throw new Refused(packageFile + " is not an agent package: no signed manifest inside");
            }
            try (InputStream in = zip.getInputStream(entry)) {
                byte[] bytes = in.readNBytes(PackageLayout.MAX_MANIFEST_BYTES + 1);
                if (bytes.length > PackageLayout.MAX_MANIFEST_BYTES) {
                    throw new Refused(packageFile + " is not an agent package: its manifest is too large");
                }
                return ManifestFormat.parse(bytes);
            }
        } catch (ZipException e) {
            throw new Refused(packageFile + " is not an agent package: not a readable zip (" + e.getMessage() + ")");
        }
    }
}
