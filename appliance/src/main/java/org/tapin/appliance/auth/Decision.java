package org.tapin.appliance.auth;

import org.tapin.appliance.store.UserAccount;

/**
 * The appliance's answer to one authentication: {@code ok} with the user, {@code unknown-badge}, or
 * {@code denied} with a reason. {@code group} is the appliance policy group a directory put the user in
 * (null when none did).
 */
public record Decision(String result, UserAccount user, String reason, String group) {

    public static Decision ok(UserAccount user) {
        return ok(user, null);
    }

    public static Decision ok(UserAccount user, String group) {
        return new Decision("ok", user, null, group);
    }

    public static Decision unknownBadge() {
        return new Decision("unknown-badge", null, null, null);
    }

    public static Decision denied(String reason) {
        return new Decision("denied", null, reason, null);
    }
}
