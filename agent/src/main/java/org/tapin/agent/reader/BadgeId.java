package org.tapin.agent.reader;

import java.util.Objects;

/**
 * A badge's normalised ID, as sent to the appliance. Proximity badge numbers are enough to clone many badges,
 * so {@link #toString()} shows only the last four characters: an ID that slips into a log line or an
 * exception message is masked by default. {@link #value()} is for the appliance call alone.
 */
public record BadgeId(String value) {

    public BadgeId {
        Objects.requireNonNull(value, "value");
        if (value.isEmpty()) {
            throw new IllegalArgumentException("empty badge ID");
        }
    }

    public String masked() {
        int keep = Math.min(4, value.length() / 2);
        return "…" + value.substring(value.length() - keep);
    }

    @Override
    public String toString() {
        return masked();
    }
}
