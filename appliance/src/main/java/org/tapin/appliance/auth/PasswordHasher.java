package org.tapin.appliance.auth;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Salted slow password hashes with the JDK alone: PBKDF2-HMAC-SHA256, a 16-byte random salt per password, a
 * 32-byte result, stored as {@code pbkdf2-sha256$ITERATIONS$SALT$HASH} (base64). The iteration count travels
 * in the string, so raising the default later leaves older hashes verifiable. The default, 600,000, is
 * OWASP's current figure for PBKDF2-HMAC-SHA256. Comparison is constant-time; an unknown user is answered
 * after hashing against a dummy, so timing does not tell which user names exist.
 */
public final class PasswordHasher {

    public static final int DEFAULT_ITERATIONS = 600_000;
    private static final String PREFIX = "pbkdf2-sha256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;

    private final int iterations;
    private final SecureRandom random = new SecureRandom();
    private final String dummy;

    public PasswordHasher(int iterations) {
        if (iterations < 1_000) {
            throw new IllegalArgumentException("at least 1000 PBKDF2 iterations, got " + iterations);
        }
        this.iterations = iterations;
        this.dummy = hash("not a password".toCharArray());
    }

    public int iterations() {
        return iterations;
    }

    /** Hashes {@code password}; the caller clears its array. */
    public String hash(char[] password) {
        if (password.length == 0) {
            throw new IllegalArgumentException("empty password");
        }
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = derive(password, salt, iterations);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return PREFIX + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    /** Whether {@code password} matches {@code stored}; a malformed stored hash never matches. */
    public boolean verify(char[] password, String stored) {
        if (password.length == 0) {
            return false; // PBKDF2 refuses an empty key; an empty password is wrong for every account anyway
        }
        String[] parts = stored == null ? new String[0] : stored.split("\\$");
        if (parts.length != 4 || !PREFIX.equals(parts[0])) {
            derive(password, new byte[SALT_BYTES], iterations); // same cost as a real check
            return false;
        }
        try {
            int n = Integer.parseInt(parts[1]);
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            byte[] expected = Base64.getDecoder().decode(parts[3]);
            if (n < 1 || n > 10_000_000 || salt.length == 0 || expected.length == 0) {
                return false;
            }
            return MessageDigest.isEqual(derive(password, salt, n), expected);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Spends the time of a real check and answers false: for user names that do not exist. */
    public boolean verifyNobody(char[] password) {
        verify(password, dummy);
        return false;
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this JDK", e);
        } finally {
            spec.clearPassword();
        }
    }
}
