package org.tapin.appliance.account;

import java.time.Instant;
import java.util.List;

/** The local accounts' flags and password history, beside the users the main store keeps. */
public interface AccountStore extends AutoCloseable {

    /** {@link AccountState#NONE} for a user the table does not know (yet). */
    AccountState state(String username);

    /** False when there is no such user. */
    boolean setMustChange(String username, boolean mustChange);

    /** False when there is no such user. */
    boolean setOneTime(String username, boolean oneTime);

    /**
     * Records that {@code hash} is the user's password from {@code now}: it joins the history (of which the
     * newest {@code keep} stay), the password's age starts again and the must-change flag becomes
     * {@code mustChange}. False when there is no such user.
     */
    boolean passwordSet(String username, String hash, Instant now, boolean mustChange, int keep);

    /** The newest {@code n} password hashes the user had, newest first (the current one included). */
    List<String> history(String username, int n);

    @Override
    void close();
}
