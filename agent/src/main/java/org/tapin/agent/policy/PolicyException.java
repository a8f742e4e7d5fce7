package org.tapin.agent.policy;

/** A policy document that cannot be used; the message names the source and the problem, for a person to read. */
public final class PolicyException extends Exception {
    private static final long serialVersionUID = 1L;

    public PolicyException(String message) {
        super(message);
    }
}
