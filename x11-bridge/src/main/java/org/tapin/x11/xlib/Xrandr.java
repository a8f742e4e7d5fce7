package org.tapin.x11.xlib;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;

/**
 * The RandR 1.5 monitor list: the rectangles a desktop treats as monitors (real outputs, or monitors an admin
 * defined with {@code xrandr --setmonitor}). jna-platform maps no RandR call, so these are bound here.
 */
public interface Xrandr extends Library {

    Xrandr INSTANCE = Native.load("Xrandr", Xrandr.class);

    /** XRRMonitorInfo on LP64: Atom name; Bool primary, automatic; int noutput, x, y, width, height, mwidth, mheight; RROutput *outputs. */
    int MONITOR_SIZE = 56;
    int MONITOR_NAME = 0;
    int MONITOR_PRIMARY = 8;
    int MONITOR_X = 20;
    int MONITOR_Y = 24;
    int MONITOR_WIDTH = 28;
    int MONITOR_HEIGHT = 32;

    boolean XRRQueryExtension(Pointer display, IntByReference eventBase, IntByReference errorBase);

    int XRRQueryVersion(Pointer display, IntByReference major, IntByReference minor);

    Pointer XRRGetMonitors(Pointer display, long window, boolean getActive, IntByReference count);

    void XRRFreeMonitors(Pointer monitors);

    /** RRScreenChangeNotifyMask | RRCrtcChangeNotifyMask | RROutputChangeNotifyMask: outputs plugged, moved, resized. */
    int LAYOUT_CHANGE_MASK = 1 | 2 | 4;

    void XRRSelectInput(Pointer display, long window, int mask);
}
