package org.tapin.testkit.secrets;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Searches bytes, files, folders and zips for planted secrets in all their forms, and collects what it finds.
 * Secrets may be added while a search runs elsewhere (one learnt only at run time, such as a TOTP code): the
 * next search looks for it too. One instance per test; {@link #leaks()} is what the test asserts on.
 */
public final class LeakSearch {

    /** A secret with its forms, made once: the process watch searches hundreds of processes a round. */
    private record Planted(PlantedSecret secret, List<PlantedSecret.Form> forms) {}

    private final List<Planted> secrets = new CopyOnWriteArrayList<>();
    private final Set<Leak> leaks = java.util.Collections.synchronizedSet(new LinkedHashSet<>());
    private final List<String> searched = new CopyOnWriteArrayList<>();

    public LeakSearch plant(String path, String value) {
        PlantedSecret secret = new PlantedSecret(path, value);
        secrets.add(new Planted(secret, secret.forms()));
        return this;
    }

    public List<PlantedSecret> secrets() {
        return secrets.stream().map(Planted::secret).toList();
    }

    /** Searches {@code content}, which came from {@code where}; returns what this search found. */
    public List<Leak> search(String where, byte[] content) {
        return search(where, content, secret -> true);
    }

    /** The same, for the secrets that {@code which} accepts (a file may hold its own secret by design). */
    public List<Leak> search(String where, byte[] content, Predicate<PlantedSecret> which) {
        List<Leak> found = new ArrayList<>();
        for (Planted planted : secrets) {
            PlantedSecret secret = planted.secret();
            if (!which.test(secret)) {
                continue;
            }
            for (PlantedSecret.Form form : planted.forms()) {
                if (contains(content, form.bytes(), secret.digitsOnly())) {
                    found.add(new Leak(secret.path(), where, form.name()));
                }
            }
        }
        leaks.addAll(found);
        return found;
    }

    public List<Leak> search(String where, String text) {
        return search(where, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Every regular file under {@code dir} except those {@code skip} accepts; returns how many were read. */
    public int searchFolder(Path dir, Predicate<Path> skip) {
        try (Stream<Path> paths = Files.walk(dir)) {
            int files = 0;
            for (Path file : paths.filter(Files::isRegularFile).filter(skip.negate()).toList()) {
                searchFile(file);
                files++;
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot search " + dir, e);
        }
    }

    public void searchFile(Path file) {
        try {
            search(file.toString(), Files.readAllBytes(file));
            searched.add(file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Every entry of the zip, uncompressed; returns the entries' names. */
    public List<String> searchZip(Path zip) {
        List<String> names = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                search(zip.getFileName() + "!" + entry.getName(), readAll(in));
                names.add(entry.getName());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the zip " + zip, e);
        }
        searched.add(zip + " (" + names.size() + " entries)");
        return names;
    }

    /** Everything found so far, in the order found, without repeats. */
    public List<Leak> leaks() {
        synchronized (leaks) {
            return List.copyOf(leaks);
        }
    }

    /** The files and zips searched so far, for the test's report. */
    public List<String> searched() {
        return List.copyOf(searched);
    }

    private static byte[] readAll(InputStream in) throws IOException {
        return in.readAllBytes();
    }

    /** A plain search; for digits, a match touching another digit is part of a longer number and does not count. */
    static boolean contains(byte[] haystack, byte[] needle, boolean digitBounded) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            if (digitBounded && (isDigit(haystack, i - 1) || isDigit(haystack, i + needle.length))) {
                continue;
            }
            return true;
        }
        return false;
    }

    private static boolean isDigit(byte[] bytes, int at) {
        return at >= 0 && at < bytes.length && bytes[at] >= '0' && bytes[at] <= '9';
    }
}
