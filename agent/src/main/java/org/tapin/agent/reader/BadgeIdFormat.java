package org.tapin.agent.reader;

import java.math.BigInteger;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The one documented rule that turns a badge's UID bytes, as the reader returned them to
 * {@code FF CA 00 00 00}, into the ID sent to the appliance. Readers configured for another byte order or for
 * decimal output report the same badge differently (the cause of "please re-enroll" at the next terminal), so
 * every endpoint of a site must use the same format; {@code [reader] id-format} selects it.
 */
public enum BadgeIdFormat {
    /** Upper-case hex, bytes in the order read: {@code 04 A1 B2 C3} → {@code 04A1B2C3}. The default. */
    HEX("hex"),
    /** Upper-case hex, bytes reversed: {@code 04 A1 B2 C3} → {@code C3B2A104}. */
    HEX_REVERSED("hex-reversed"),
    /** The bytes in the order read as one unsigned big-endian number, in decimal: {@code 04 A1 B2 C3} → {@code 77705923}. */
    DECIMAL("decimal"),
    /** The bytes reversed, as one unsigned number, in decimal: {@code 04 A1 B2 C3} → {@code 3283263748}. */
    DECIMAL_REVERSED("decimal-reversed");

    private final String configName;

    BadgeIdFormat(String configName) {
        this.configName = configName;
    }

    public static BadgeIdFormat fromConfig(String name) {
        for (BadgeIdFormat format : values()) {
            if (format.configName.equalsIgnoreCase(name)) {
                return format;
            }
        }
        throw new IllegalArgumentException("unknown badge ID format: " + name);
    }

    public String configName() {
        return configName;
    }

    public BadgeId format(byte[] uid) {
        if (uid.length == 0) {
            throw new IllegalArgumentException("empty UID");
        }
        byte[] bytes = this == HEX_REVERSED || this == DECIMAL_REVERSED ? reversed(uid) : uid;
        String value = this == HEX || this == HEX_REVERSED
                ? HexFormat.of().formatHex(bytes).toUpperCase(Locale.ROOT)
                : new BigInteger(1, bytes).toString();
        return new BadgeId(value);
    }

    private static byte[] reversed(byte[] uid) {
        byte[] out = new byte[uid.length];
        for (int i = 0; i < uid.length; i++) {
            out[i] = uid[uid.length - 1 - i];
        }
        return out;
    }
}
