package org.tapin.appliance.factor;

import java.util.Locale;

/**
 * What a user group needs after the first factor (badge or password). {@code method} is the second factor
 * itself; {@code temporaryCodes} lets an admin-issued temporary code stand in for it (a lost phone);
 * {@code untilEnrolled} lets a user who has not enrolled TOTP yet in with the first factor alone, the grace
 * period of a roll-out.
 */
public record SecondFactorPolicy(String group, Method method, boolean temporaryCodes, boolean untilEnrolled) {

    public enum Method {
        NONE, TOTP, RADIUS;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static SecondFactorPolicy none(String group) {
        return new SecondFactorPolicy(group, Method.NONE, false, false);
    }

    public String describe() {
        return method.label() + (temporaryCodes ? " +temporary-codes" : "") + (untilEnrolled ? " +password-only-until-enrolled" : "");
    }
}
