package org.tapin.agent.loader;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Reads the header of every class file in a jar, without defining any: a class that is not a class file (the
 * "bad magic number" a broken upgrade left behind) or that needs a newer Java than this one
 * ({@code UnsupportedClassVersionError} at the first use, hours later) is found before the version is switched
 * to. Multi-release entries for newer Javas are skipped, as the JVM skips them.
 */
final class ClassFileCheck {

    private static final int MAGIC = 0xCAFEBABE;
    private static final String VERSIONS = "META-INF/versions/";

    private final int newestMajor;
    private final int feature;

    /** {@code feature}: this Java's feature version (17); its class files are major version feature + 44. */
    ClassFileCheck(int feature) {
        this.feature = feature;
        this.newestMajor = feature + 44;
    }

    static ClassFileCheck forThisJava() {
        return new ClassFileCheck(Runtime.version().feature());
    }

    /** The first problem in the jar, or empty; {@code classes} counts the class files read. */
    Optional<String> problem(Path jar, int[] classes) {
        try (JarFile file = new JarFile(jar.toFile(), false)) {
            Enumeration<JarEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                if (!entry.getName().endsWith(".class") || forNewerJava(entry.getName())) {
                    continue;
                }
                try (DataInputStream in = new DataInputStream(file.getInputStream(entry))) {
                    Optional<String> bad = header(in);
                    if (bad.isPresent()) {
                        return Optional.of(jar.getFileName() + "!" + entry.getName() + ": " + bad.get());
                    }
                }
                classes[0]++;
            }
            return Optional.empty();
        } catch (IOException | SecurityException e) {
            return Optional.of(jar.getFileName() + ": not a readable jar (" + e.getMessage() + ")");
        }
    }

    private Optional<String> header(DataInputStream in) throws IOException {
        int magic;
        int major;
        try {
            magic = in.readInt();
            in.readUnsignedShort(); // minor
            major = in.readUnsignedShort();
        } catch (java.io.EOFException e) {
            return Optional.of("truncated class file");
        }
        if (magic != MAGIC) {
            return Optional.of(String.format("bad magic number 0x%08X", magic));
        }
        if (major > newestMajor) {
            return Optional.of("class file version " + major + " needs Java " + (major - 44) + ", this is Java " + feature);
        }
        return Optional.empty();
    }

    private boolean forNewerJava(String name) {
        if (!name.startsWith(VERSIONS)) {
            return false;
        }
        int slash = name.indexOf('/', VERSIONS.length());
        try {
            return slash < 0 || Integer.parseInt(name.substring(VERSIONS.length(), slash)) > feature;
        } catch (NumberFormatException e) {
            return true;
        }
    }
}
