package org.tapin.x11.xlib;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/** poll(2), so the cover's thread wakes the moment the X server sends an event instead of sleeping on a timer. */
public interface LibC extends Library {
    LibC INSTANCE = Native.load("c", LibC.class);

    short POLLIN = 0x001;

    /** {@code fds}: struct pollfd[] (int fd; short events; short revents) = 8 bytes each. */
    int poll(Pointer fds, long count, int timeoutMillis);
}
