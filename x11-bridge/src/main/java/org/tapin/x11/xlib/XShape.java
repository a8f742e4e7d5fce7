package org.tapin.x11.xlib;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/** The SHAPE extension (libXext): a window's bounding shape, which decides where it is drawn and takes the pointer. */
public interface XShape extends Library {

    XShape INSTANCE = Native.load("Xext", XShape.class);

    int SHAPE_BOUNDING = 0;
    int SHAPE_SET = 0;
    int SHAPE_SUBTRACT = 3;
    int UNSORTED = 0;
    /** XRectangle: short x, y; unsigned short width, height. */
    int RECTANGLE_SIZE = 8;

    void XShapeCombineRectangles(Pointer display, long window, int kind, int xOffset, int yOffset, Pointer rectangles,
            int count, int op, int ordering);

    /** With {@code mask} None and {@link #SHAPE_SET}: the window is unshaped again (a plain rectangle). */
    void XShapeCombineMask(Pointer display, long window, int kind, int xOffset, int yOffset, long mask, int op);
}
