package org.tapin.agent.appliance.client;

/** The appliance answered 403 {@code endpoint-revoked}: an admin blocked this computer; asking again will not help. */
public final class EndpointRevokedException extends Exception {
    private static final long serialVersionUID = 1L;

    public EndpointRevokedException(String message) {
        super(message);
    }
}
