package org.tapin.x11.xlib;

/** The X server is not reachable or refused something essential. */
public final class XException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public XException(String message) {
        super(message);
    }
}
