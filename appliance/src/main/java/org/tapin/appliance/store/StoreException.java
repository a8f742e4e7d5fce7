package org.tapin.appliance.store;

/** The store failed (disk, corruption, a locked database): the request fails with 500, the decision is not made. */
public final class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
