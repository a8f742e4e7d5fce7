package org.tapin.appliance.factor;

import java.time.Instant;

/**
 * A temporary code an admin issued: only its salted slow hash is kept. Single-use codes are spent by their
 * first use; reusable ones work until they expire. {@code lastUsed} is null until the code is used.
 */
public record TemporaryCode(long id, String username, String hash, Instant issued, Instant expires, boolean reusable,
        Instant lastUsed, boolean revoked) {

    public boolean usableAt(Instant now) {
        return !revoked && expires.isAfter(now) && (reusable || lastUsed == null);
    }

    public String state(Instant now) {
        if (revoked) {
            return "revoked";
        }
        if (!expires.isAfter(now)) {
            return "expired";
        }
        return !reusable && lastUsed != null ? "used" : "active";
    }

    @Override
    public String toString() {
        return "TemporaryCode[" + id + ", " + username + "]"; // never the hash
    }
}
