package org.tapin.appliance.store;

import java.util.Locale;

/**
 * An admin's allow or deny range of badge IDs. A range covers a badge when both bounds have the badge's length
 * and the badge lies between them, compared case-insensitively: for fixed-width hex or decimal IDs (what a
 * reader produces for one badge technology) that is numeric order.
 */
public record BadgeRange(long id, Kind kind, String low, String high) {

    public enum Kind {
        ALLOW, DENY;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public boolean covers(String badge) {
        if (badge.length() != low.length() || badge.length() != high.length()) {
            return false;
        }
        String b = badge.toUpperCase(Locale.ROOT);
        return b.compareTo(low.toUpperCase(Locale.ROOT)) >= 0 && b.compareTo(high.toUpperCase(Locale.ROOT)) <= 0;
    }
}
