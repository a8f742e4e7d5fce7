package org.tapin.appliance.store;

import java.time.Instant;

/** A badge ID linked to a user. */
public record BadgeLink(String badge, String username, Instant linkedAt) {

    /** The badge ID with all but its last four characters hidden, for logs, audit events and listings. */
    public static String mask(String badge) {
        int keep = Math.min(4, badge.length() / 2);
        return "…" + badge.substring(badge.length() - keep);
    }
}
