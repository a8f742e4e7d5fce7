package org.tapin.bootstrap.pkg;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.List;

/**
 * The trust root: the Ed25519 public keys ({@code *.pub}, PEM) in the folder shipped with the loader. A manifest
 * is genuine when one of them verifies its signature. Several keys let a site roll its signing key over: ship the
 * new public key with the loader first, then sign with the new private key.
 */
public final class TrustedKeys {
    private final List<PublicKey> keys;

    public TrustedKeys(List<PublicKey> keys) {
        this.keys = List.copyOf(keys);
    }

    /** Reads every {@code *.pub}; an unreadable key file is an error, since silently trusting fewer keys hides it. */
    public static TrustedKeys load(Path folder) throws IOException, GeneralSecurityException {
        List<PublicKey> keys = new ArrayList<>();
        if (Files.isDirectory(folder)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*.pub")) {
                for (Path file : files) {
                    keys.add(KeyFiles.readPublic(file));
                }
            }
        }
        return new TrustedKeys(keys);
    }

    /**
     * Reads every readable {@code *.pub}, reporting each unreadable one to {@code problems} instead of failing:
     * the loader that starts the agent must not stop running a verified version because a stray file appeared
     * in the keys folder.
     */
    public static TrustedKeys loadReadable(Path folder, java.util.function.Consumer<String> problems)
            throws IOException {
        List<PublicKey> keys = new ArrayList<>();
        if (Files.isDirectory(folder)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*.pub")) {
                for (Path file : files) {
                    try {
                        keys.add(KeyFiles.readPublic(file));
                    } catch (IOException | GeneralSecurityException e) {
                        problems.accept("Trusted key " + file + " ignored: " + e.getMessage());
                    }
                }
            }
        }
        return new TrustedKeys(keys);
    }

    public int size() {
        return keys.size();
    }

    public void verify(byte[] manifest, byte[] signature) throws Refused {
        if (keys.isEmpty()) {
            throw new Refused("no trusted public key is installed: nothing can be verified");
        }
        for (PublicKey key : keys) {
            try {
                Signature check = KeyFiles.signature();
                check.initVerify(key);
                check.update(manifest);
                if (check.verify(signature)) {
                    return;
                }
            } catch (GeneralSecurityException e) {
                // A malformed signature verifies against no key; try the next and refuse at the end.
            }
        }
        throw new Refused("manifest signature does not match any trusted key");
    }
}
