package org.tapin.appliance.directory;

/**
 * Where the appliance checks a user's password (the first factor): its own accounts ({@link LocalAccounts})
 * or a site directory (LDAP / Active Directory). An implementation answers every failure, including its own
 * errors, with a denied {@link Verdict}: nothing but a checked password is ever accepted.
 */
public interface Directory extends AutoCloseable {

    /** Checks {@code password} for {@code username}; the caller owns and clears {@code password}. */
    Verdict authenticate(String username, char[] password);

    /** A short name for logs: {@code local}, {@code ldap}. */
    String name();

    @Override
    default void close() {}
}
