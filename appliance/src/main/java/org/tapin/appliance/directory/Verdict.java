package org.tapin.appliance.directory;

import org.tapin.appliance.store.UserAccount;

/**
 * A directory's answer to one password check: the user and the appliance policy group the directory puts
 * them in (null when it has none), or a reason a user can act on. {@code lockout} is set, for the audit
 * trail, on the one check that locked the account.
 */
public record Verdict(UserAccount user, String group, String reason, String lockout) {

    public static Verdict accepted(UserAccount user, String group) {
        return new Verdict(user, group, null, null);
    }

    public static Verdict denied(String reason) {
        return new Verdict(null, null, reason, null);
    }

    public static Verdict lockedNow(String reason, String lockout) {
        return new Verdict(null, null, reason, lockout);
    }

    public boolean ok() {
        return user != null;
    }
}
