package org.tapin.appliance.account;

import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import org.tapin.appliance.ConfigValues;

/**
 * What a new local password must be, and how long one lasts: the {@code password.*} keys of the appliance's
 * configuration. They apply when an admin sets a password and when a user changes theirs; existing passwords
 * keep working until they expire. {@code history} is how many previous passwords (kept as slow hashes) a new
 * one must differ from; {@code maxAgeDays} 0 means passwords never expire, and the sign-in answer warns
 * {@code warningDays} ahead.
 */
public record PasswordRules(int minLength, int maxLength, int minDigits, int minLetters, boolean mixedCase, int minSpecial,
        boolean notUsername, int history, int maxAgeDays, int warningDays) {

    public static final Set<String> KEYS = Set.of("password.min-length", "password.max-length", "password.min-digits",
            "password.min-letters", "password.mixed-case", "password.min-special", "password.not-username",
            "password.history", "password.max-age-days", "password.expiry-warning-days");

    /** Eight characters and not the user name; nothing else until the site asks for more. */
    public static final PasswordRules DEFAULTS = new PasswordRules(8, 128, 0, 0, false, 0, true, 0, 0, 14);

    public PasswordRules {
        if (minLength < 1 || maxLength < minLength) {
            throw new IllegalArgumentException("password.min-length must be at least 1 and at most password.max-length");
        }
        if (minDigits + minLetters + minSpecial > maxLength) {
            throw new IllegalArgumentException("password.min-digits + password.min-letters + password.min-special exceed"
                    + " password.max-length: no password could pass");
        }
    }

    /** The rules from {@code p}; a bad value is an {@link IllegalArgumentException} naming the file and key. */
    public static PasswordRules parse(Path file, Properties p) {
        try {
            return new PasswordRules(
                    ConfigValues.integer(file, p, "password.min-length", DEFAULTS.minLength(), 1, 1024),
                    ConfigValues.integer(file, p, "password.max-length", DEFAULTS.maxLength(), 1, 1024),
                    ConfigValues.integer(file, p, "password.min-digits", 0, 0, 1024),
                    ConfigValues.integer(file, p, "password.min-letters", 0, 0, 1024),
                    bool(file, p, "password.mixed-case", false),
                    ConfigValues.integer(file, p, "password.min-special", 0, 0, 1024),
                    bool(file, p, "password.not-username", true),
                    ConfigValues.integer(file, p, "password.history", 0, 0, 50),
                    ConfigValues.integer(file, p, "password.max-age-days", 0, 0, 3650),
                    ConfigValues.integer(file, p, "password.expiry-warning-days", DEFAULTS.warningDays(), 0, 365));
        } catch (IllegalArgumentException e) {
            throw e.getMessage().startsWith(file.toString()) ? e : new IllegalArgumentException(file + ": " + e.getMessage());
        }
    }

    public boolean expires() {
        return maxAgeDays > 0;
    }

    private static boolean bool(Path file, Properties p, String key, boolean fallback) {
        String value = p.getProperty(key);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new IllegalArgumentException(file + ": " + key + " = " + value.trim() + " is not true or false");
        };
    }
}
