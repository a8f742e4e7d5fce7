package org.tapin.e2e.lock;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What the clinician's authenticator app does with the {@code otpauth://} URI that {@code totp enroll} prints:
 * RFC 6238 with SHA-1, 30-second steps, 6 digits. Written from the RFC rather than taken from the appliance, so
 * that the tests check the appliance against the standard.
 */
public record AuthenticatorApp(String base32Secret) {

    private static final Pattern URI_SECRET = Pattern.compile("otpauth://totp/\\S*[?&]secret=([A-Z2-7]+)");

    /** From the output of {@code totp enroll}; fails when it holds no otpauth URI. */
    public static AuthenticatorApp scan(String enrollOutput) {
        Matcher uri = URI_SECRET.matcher(enrollOutput);
        if (!uri.find()) {
            throw new IllegalArgumentException("no otpauth URI in: " + enrollOutput);
        }
        return new AuthenticatorApp(uri.group(1));
    }

    public String code(Instant now) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(base32(base32Secret), "HmacSHA1"));
            byte[] hash = mac.doFinal(ByteBuffer.allocate(8).putLong(now.getEpochSecond() / 30).array());
            int offset = hash[hash.length - 1] & 0xF;
            int binary = ByteBuffer.wrap(hash, offset, 4).getInt() & 0x7FFFFFFF;
            return String.format("%06d", binary % 1_000_000);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is part of every JDK", e);
        }
    }

    /** RFC 4648 base 32, as otpauth URIs carry the secret (upper case, no padding). */
    private static byte[] base32(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int buffer = 0;
        int bits = 0;
        for (char c : text.toCharArray()) {
            buffer = (buffer << 5) | "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".indexOf(c);
            bits += 5;
            if (bits >= 8) {
                out.write(buffer >> (bits - 8));
                bits -= 8;
            }
        }
        return out.toByteArray();
    }
}
