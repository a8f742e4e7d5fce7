package org.tapin.agent.config;

/** A value that its key's type does not accept; the message says what would be accepted. */
public final class InvalidValueException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidValueException(String allowed) {
        super(allowed);
    }
}
