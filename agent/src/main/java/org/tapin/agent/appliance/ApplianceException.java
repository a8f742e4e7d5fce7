package org.tapin.agent.appliance;

/**
 * No appliance gave a usable answer. The message says why for each one tried, in words an admin can act on
 * (refused, timed out, certificate expired, ...); it never carries a credential.
 */
public final class ApplianceException extends Exception {
    private static final long serialVersionUID = 1L;

    public ApplianceException(String message) {
        super(message);
    }
}
