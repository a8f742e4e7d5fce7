package org.tapin.appliance.factor;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.OptionalLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-based one-time passwords, RFC 6238 over RFC 4226's HOTP: HMAC-SHA1, 30-second steps from the Unix
 * epoch, 6 digits (what authenticator apps expect from an {@code otpauth://} URI without parameters). A code
 * is accepted for the current step and one step either side (clock skew of the phone); which step matched is
 * returned so the caller can refuse that step and every earlier one afterwards (a code works once).
 */
public final class Totp {

    public static final int STEP_SECONDS = 30;
    public static final int DIGITS = 6;
    public static final int SECRET_BYTES = 20; // RFC 4226 recommends 160 bits for HMAC-SHA1
    private static final int[] POWERS = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

    private Totp() {}

    public static byte[] newSecret(SecureRandom random) {
        byte[] secret = new byte[SECRET_BYTES];
        random.nextBytes(secret);
        return secret;
    }

    public static long step(Instant time) {
        return Math.floorDiv(time.getEpochSecond(), STEP_SECONDS);
    }

    /** The HOTP value of {@code step} with {@code digits} digits, zero-padded (RFC 4226 section 5.3). */
    public static String code(byte[] secret, long step, int digits) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret, "HmacSHA1"));
            byte[] h = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
            int offset = h[h.length - 1] & 0x0f;
            int binary = ((h[offset] & 0x7f) << 24) | ((h[offset + 1] & 0xff) << 16) | ((h[offset + 2] & 0xff) << 8)
                    | (h[offset + 3] & 0xff);
            String s = Integer.toString(binary % POWERS[digits]);
            return "0".repeat(digits - s.length()) + s;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is missing from this JDK", e);
        }
    }

    /**
     * The step whose code {@code given} is, among the current step and one either side, if it is later than
     * {@code lastUsedStep}; else empty. All three are computed and compared in constant time.
     */
    public static OptionalLong match(byte[] secret, String given, Instant now, long lastUsedStep) {
        if (given == null || given.length() != DIGITS || !given.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return OptionalLong.empty();
        }
        long current = step(now);
        long found = Long.MIN_VALUE;
        for (long s = current - 1; s <= current + 1; s++) {
            boolean same = MessageDigest.isEqual(code(secret, s, DIGITS).getBytes(), given.getBytes());
            if (same && s > lastUsedStep && found == Long.MIN_VALUE) {
                found = s;
            }
        }
        return found == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(found);
    }
}
