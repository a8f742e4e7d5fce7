package org.tapin.agent.session;

import java.util.Arrays;

/**
 * A password or one-time code on its way from the lock screen to the appliance. It never prints itself,
 * and its holder clears it once it has been sent, so it does not linger in the heap longer than needed.
 */
public final class Secret {
    private final char[] chars;

    private Secret(char[] chars) {
        this.chars = chars;
    }

    /** Takes ownership of {@code chars}: the caller must not keep or clear them. */
    public static Secret wrap(char[] chars) {
        return new Secret(chars);
    }

    /** A copy for the one place that sends it; the caller clears the copy. */
    public char[] reveal() {
        return chars.clone();
    }

    public boolean isEmpty() {
        return chars.length == 0;
    }

    /** Whether both hold the same characters; compares every character, whatever it finds first. */
    public boolean sameAs(Secret other) {
        int diff = chars.length ^ other.chars.length;
        for (int i = 0; i < Math.max(chars.length, other.chars.length); i++) {
            diff |= (i < chars.length ? chars[i] : 0) ^ (i < other.chars.length ? other.chars[i] : 0);
        }
        return diff == 0;
    }

    public void clear() {
        Arrays.fill(chars, '\0');
    }

    @Override
    public String toString() {
        return "******";
    }
}
