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

    int EFD_NONBLOCK = 04000;
    int EFD_CLOEXEC = 02000000;

    /** A counter file descriptor that poll() sees readable once written: how other threads wake a poll loop. */
    int eventfd(int initialValue, int flags);

    long read(int fd, Pointer buffer, long count);

    long write(int fd, Pointer buffer, long count);

    int close(int fd);
}
