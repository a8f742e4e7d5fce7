package org.tapin.appliance;

import java.nio.file.Path;
import java.util.Properties;

/**
 * How a value of the appliance's configuration file is read, for every part that owns some of its keys: one
 * reading, so the same mistake gets the same message whichever key it is in. A bad value is an
 * {@link IllegalArgumentException} naming the file and the key; {@link ApplianceConfig} turns it into its own error.
 */
public final class ConfigValues {

    private ConfigValues() {}

    /** The whole number under {@code key}, {@code fallback} when the key is absent or blank. */
    public static int integer(Path file, Properties p, String key, int fallback, int min, int max) {
        return integer(file + ": ", p, key, fallback, min, max);
    }

    /**
     * As {@link #integer(Path, Properties, String, int, int, int)}, for a part whose caller puts the file's name in
     * front of its messages (the {@code ldap.*} keys): the message starts with the key.
     */
    public static int integer(Properties p, String key, int fallback, int min, int max) {
        return integer("", p, key, fallback, min, max);
    }

    private static int integer(String where, Properties p, String key, int fallback, int min, int max) {
        String value = p.getProperty(key);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n < min || n > max) {
                throw new IllegalArgumentException(where + key + " = " + n + " is outside " + min + ".." + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + key + " = " + value.trim() + " is not a whole number");
        }
    }
}
