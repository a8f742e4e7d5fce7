package org.tapin.agent.appliance.client;

/** The appliance answered, but not with what protocol v1 says (not JSON, a field missing, an unexpected status). */
public final class MalformedAnswerException extends Exception {
    private static final long serialVersionUID = 1L;

    public MalformedAnswerException(String message) {
        super(message);
    }
}
