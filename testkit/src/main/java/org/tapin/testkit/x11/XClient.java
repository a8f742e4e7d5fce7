package org.tapin.testkit.x11;

import java.util.Optional;

/** A real X client whose top-level window is mapped and viewable. {@link #close()} ends it and waits until its window is gone. */
public final class XClient implements AutoCloseable {
    /** How a kind of client is ended. */
    interface Ending {
        void end(XClient client);
    }

    private final String description;
    private final long window;
    private final Process process;
    private final Ending ending;
    private boolean closed;

    XClient(String description, long window, Process process, Ending ending) {
        this.description = description;
        this.window = window;
        this.process = process;
        this.ending = ending;
    }

    /** The client's top-level window (not a window manager frame). */
    public long window() {
        return window;
    }

    /** The window id as xprop and xwininfo print it, e.g. {@code 0xa0000e}. */
    public String windowHex() {
        return "0x" + Long.toHexString(window);
    }

    /** The process that owns the window; empty for a notification, whose window belongs to the daemon. */
    public Optional<Process> process() {
        return Optional.ofNullable(process);
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            ending.end(this);
        }
    }

    @Override
    public String toString() {
        return description + " window " + windowHex();
    }
}
