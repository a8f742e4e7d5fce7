package org.tapin.testkit.secrets;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A secret a test sent through one path of the product ({@code path} names that path in a finding), and the byte
 * forms it could take where it must never be: as typed (UTF-8), as Java or Windows tools write text (UTF-16 in
 * both byte orders), and base64 at any of the three alignments inside a longer base64 text.
 */
public record PlantedSecret(String path, String value) {

    /** Shorter base64 runs turn up by chance in any large text. */
    private static final int MIN_BASE64_CHARS = 8;

    public PlantedSecret {
        if (value.length() < 6) {
            throw new IllegalArgumentException("a planted secret needs 6 characters or more to be found, not by chance: " + path);
        }
    }

    /** One byte form of the secret to search for. */
    public record Form(String name, byte[] bytes) {}

    /** An all-digit secret (a TOTP or temporary code) counts only where no digit touches it: not inside a longer number. */
    public boolean digitsOnly() {
        return value.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /**
     * The forms to search for. A code of digits only is searched as text alone: its other forms are a few
     * characters long, or made of zero bytes and digits, and would be found by chance in binary files.
     */
    public List<Form> forms() {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        List<Form> forms = new ArrayList<>();
        forms.add(new Form("UTF-8", utf8));
        if (digitsOnly()) {
            return forms;
        }
        forms.add(new Form("UTF-16LE", value.getBytes(StandardCharsets.UTF_16LE)));
        forms.add(new Form("UTF-16BE", value.getBytes(StandardCharsets.UTF_16BE)));
        for (int shift = 0; shift < 3; shift++) {
            byte[] core = base64Core(utf8, shift);
            if (core.length >= MIN_BASE64_CHARS) {
                forms.add(new Form("base64 (offset " + shift + ")", core));
            }
        }
        return forms;
    }

    /**
     * The characters of the base64 text that depend on the secret alone when it starts {@code shift} bytes into a
     * 3-byte group: the partial groups at both ends also carry bits of the bytes around it, so they are left out.
     */
    private static byte[] base64Core(byte[] secret, int shift) {
        byte[] padded = new byte[shift + secret.length];
        System.arraycopy(secret, 0, padded, shift, secret.length);
        String text = Base64.getEncoder().withoutPadding().encodeToString(padded);
        int firstFullGroup = shift == 0 ? 0 : 1;             // groups of 3 bytes -> 4 characters
        int fullGroups = (padded.length / 3) - firstFullGroup;
        int start = firstFullGroup * 4;
        int end = start + Math.max(0, fullGroups) * 4;
        return text.substring(start, Math.min(end, text.length())).getBytes(StandardCharsets.US_ASCII);
    }
}
