package org.tapin.x11.xlib;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * The X-Resource extension: the server's own record of which process owns a window's client connection.
 * Unlike {@code _NET_WM_PID}, which any client may set to anything, this cannot be forged by the client.
 */
public interface XRes extends Library {

    XRes INSTANCE = Native.load("XRes", XRes.class);

    int CLIENT_ID_PID_MASK = 1 << 1;

    /** {@code specs}: XResClientIdSpec[] (XID client; unsigned int mask) = 16 bytes each on LP64. */
    int XResQueryClientIds(Pointer display, long specCount, Pointer specs, LongByReference idCount,
            PointerByReference ids);

    void XResClientIdsDestroy(long idCount, Pointer ids);
}
