package org.tapin.appliance.radius;

/** Asks a RADIUS server about a user name and a secret (a password, a token code, or the answer to a challenge). */
public interface RadiusCheck {

    /**
     * One Access-Request. {@code state} is the State of the Access-Challenge this answers, or null. Never
     * throws for a server's answer or silence: those are outcomes; the caller clears {@code secret}.
     */
    RadiusOutcome check(String username, char[] secret, byte[] state);
}
