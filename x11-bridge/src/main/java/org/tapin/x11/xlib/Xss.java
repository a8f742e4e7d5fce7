package org.tapin.x11.xlib;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;

/** The MIT-SCREEN-SAVER extension: how long the server has seen no keyboard or pointer input. */
public interface Xss extends Library {

    Xss INSTANCE = Native.load("Xss", Xss.class);

    /** XScreenSaverInfo on LP64: Window window; int state, kind; unsigned long til_or_since, idle, eventMask. */
    int INFO_SIZE = 40;
    int INFO_IDLE = 24;

    boolean XScreenSaverQueryExtension(Pointer display, IntByReference eventBase, IntByReference errorBase);

    int XScreenSaverQueryInfo(Pointer display, long drawable, Pointer info);
}
