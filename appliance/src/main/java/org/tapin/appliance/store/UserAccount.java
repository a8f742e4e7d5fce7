package org.tapin.appliance.store;

import java.time.Instant;

/**
 * A local account. {@code passwordHash} is a salted slow hash ({@code pbkdf2-sha256$...}), never a password.
 * {@code failures} counts wrong passwords in a row; {@code lockedUntil} is null unless the account is locked.
 */
public record UserAccount(String username, String displayName, String passwordHash, boolean disabled, int failures,
        Instant lockedUntil) {

    public boolean lockedAt(Instant now) {
        return lockedUntil != null && lockedUntil.isAfter(now);
    }

    @Override
    public String toString() {
        return "UserAccount[" + username + "]"; // never the hash
    }
}
