package org.tapin.appliance.directory;

import org.tapin.appliance.store.UserAccount;

/**
 * Where the appliance checks a user's password (the first factor): its own accounts ({@link LocalAccounts})
 * or a site directory (LDAP / Active Directory). An implementation answers every failure, including its own
 * errors, with a denied {@link Verdict}: nothing but a checked password is ever accepted.
 */
public interface Directory extends AutoCloseable {

    /** Checks {@code password} for {@code username}; the caller owns and clears {@code password}. */
    Verdict authenticate(String username, char[] password);

    /**
     * Whether {@code account}, found by a badge, may sign in right now without a password: not disabled,
     * locked or expired here or in the directory, and in a group allowed to sign in. The accepted verdict
     * carries the user's appliance policy group.
     */
    Verdict standing(UserAccount account);

    /** A short name for logs: {@code local}, {@code ldap}. */
    String name();

    @Override
    default void close() {}
}
