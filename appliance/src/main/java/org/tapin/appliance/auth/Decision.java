package org.tapin.appliance.auth;

import org.tapin.appliance.store.UserAccount;

/** The appliance's answer to one authentication: {@code ok} with the user, {@code unknown-badge}, or {@code denied} with a reason. */
public record Decision(String result, UserAccount user, String reason) {

    public static Decision ok(UserAccount user) {
        return new Decision("ok", user, null);
    }

    public static Decision unknownBadge() {
        return new Decision("unknown-badge", null, null);
    }

    public static Decision denied(String reason) {
        return new Decision("denied", null, reason);
    }
}
