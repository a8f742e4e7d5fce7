package org.tapin.bootstrap.pkg;

/**
 * A package (or an installed slot) that the loader will not run. The message is the one line an admin reads in
 * the log to learn why, so it names the file or field at fault and never carries a stack trace's worth of text.
 */
public final class Refused extends Exception {
    private static final long serialVersionUID = 1L;

    public Refused(String reason) {
        super(reason);
    }

    public Refused(String reason, Throwable cause) {
        super(reason, cause);
    }
}
