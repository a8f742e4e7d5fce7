package org.tapin.appliance.radius;

/**
 * What a RADIUS server said: {@code ACCEPT}, {@code REJECT} (with its Reply-Message, if any), {@code CHALLENGE}
 * (its Reply-Message to show the user and the State to send back with the answer), or {@code ERROR} when no
 * server gave a trustworthy answer ({@code message} says why, for the log; it never holds a secret).
 */
public record RadiusOutcome(Kind kind, String message, byte[] state) {

    public enum Kind { ACCEPT, REJECT, CHALLENGE, ERROR }

    public static RadiusOutcome error(String why) {
        return new RadiusOutcome(Kind.ERROR, why, null);
    }
}
