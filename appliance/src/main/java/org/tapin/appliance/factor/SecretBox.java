package org.tapin.appliance.factor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.tapin.appliance.store.StoreException;

/**
 * Seals TOTP secrets with AES-256-GCM before they reach the store, under a key kept in a file of its own (mode
 * 600, made on first use beside the store). A copy of the database alone (a backup, a file handed to
 * support) then holds no usable secret. The user name is the associated data, so a sealed secret moved to
 * another user's row does not open. Format: version byte 1, 12-byte nonce, ciphertext with its 16-byte tag.
 */
final class SecretBox {

    private static final byte VERSION = 1;
    private static final int NONCE = 12;
    private static final int KEY = 32;

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    private SecretBox(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
        Arrays.fill(key, (byte) 0);
    }

    /** The key in {@code file}, made (32 random bytes, mode 600) when the file does not exist yet. */
    static SecretBox open(Path file) {
        try {
            if (!Files.exists(file)) {
                byte[] fresh = new byte[KEY];
                new SecureRandom().nextBytes(fresh);
                try {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                    Files.write(file, fresh);
                } catch (FileAlreadyExistsException e) {
                    // another process made it first: use theirs
                } finally {
                    Arrays.fill(fresh, (byte) 0);
                }
            }
            byte[] key = Files.readAllBytes(file);
            if (key.length != KEY) {
                throw new StoreException("the TOTP key file " + file + " does not hold a " + KEY + "-byte key");
            }
            return new SecretBox(key);
        } catch (IOException e) {
            throw new StoreException("cannot read or make the TOTP key file " + file + ": " + e.getClass().getSimpleName(), e);
        }
    }

    byte[] seal(byte[] plain, String username) {
        byte[] nonce = new byte[NONCE];
        random.nextBytes(nonce);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            c.updateAAD(username.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.UTF_8));
            byte[] sealed = c.doFinal(plain);
            return ByteBuffer.allocate(1 + NONCE + sealed.length).put(VERSION).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is missing from this JDK", e);
        }
    }

    /** The secret, or a StoreException when it does not open (another key, another user, damage): never a guess. */
    byte[] open(byte[] sealed, String username) {
        if (sealed == null || sealed.length < 1 + NONCE + 16 || sealed[0] != VERSION) {
            throw new StoreException("a stored TOTP secret of " + username + " is malformed");
        }
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, sealed, 1, NONCE));
            c.updateAAD(username.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.UTF_8));
            return c.doFinal(sealed, 1 + NONCE, sealed.length - 1 - NONCE);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new StoreException("the stored TOTP secret of " + username + " does not open with this appliance's TOTP key");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is missing from this JDK", e);
        }
    }
}
