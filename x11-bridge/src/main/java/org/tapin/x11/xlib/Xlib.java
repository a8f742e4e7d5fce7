package org.tapin.x11.xlib;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * The Xlib calls tapin uses, bound by hand. jna-platform's X11 mapping lacks half of them and gets some
 * structures wrong (XErrorEvent's field order, XSetWindowAttributes' Java booleans written as -1), so this
 * binding passes Display as a plain pointer, XIDs and atoms as C {@code unsigned long} (a Java long on the
 * LP64 Linux targets tapin supports), and reads structures at their documented LP64 offsets ({@link XStructs}).
 */
public interface Xlib extends Library {

    Xlib INSTANCE = Native.load("X11", Xlib.class);

    long NONE = 0;
    long ANY_PROPERTY_TYPE = 0;
    long XA_ATOM = 4;
    long XA_CARDINAL = 6;
    long XA_STRING = 31;
    long XA_WINDOW = 33;
    long XA_WM_NAME = 39;
    long XA_WM_CLASS = 67;

    int PROP_MODE_REPLACE = 0;
    int RETAIN_PERMANENT = 1;
    int INPUT_OUTPUT = 1;
    long CW_BACK_PIXEL = 1L << 1;
    long CW_OVERRIDE_REDIRECT = 1L << 9;
    long CW_EVENT_MASK = 1L << 11;

    long STRUCTURE_NOTIFY_MASK = 1L << 17;
    long SUBSTRUCTURE_NOTIFY_MASK = 1L << 19;
    long PROPERTY_CHANGE_MASK = 1L << 22;

    int CREATE_NOTIFY = 16;
    int DESTROY_NOTIFY = 17;
    int UNMAP_NOTIFY = 18;
    int MAP_NOTIFY = 19;
    int REPARENT_NOTIFY = 21;
    int CONFIGURE_NOTIFY = 22;
    int CONFIGURE_REQUEST = 23;
    int PROPERTY_NOTIFY = 28;

    int IS_VIEWABLE = 2;

    int GRAB_SUCCESS = 0;
    int GRAB_MODE_ASYNC = 1;
    long CURRENT_TIME = 0;
    long POINTER_ROOT = 1;
    int REVERT_TO_POINTER_ROOT = 1;
    long ENTER_WINDOW_MASK = 1L << 4;
    long LEAVE_WINDOW_MASK = 1L << 5;
    int ENTER_NOTIFY = 7;
    int LEAVE_NOTIFY = 8;
    /** XCrossingEvent.mode: 0 Normal, 1 Grab, 2 Ungrab; only Normal means the pointer moved. */
    int CROSSING_MODE_OFFSET = 80;

    int CW_SIBLING = 1 << 5;
    int CW_STACK_MODE = 1 << 6;
    int STACK_ABOVE = 0;
    int STACK_BELOW = 1;
    int CLIENT_MESSAGE = 33;
    long SUBSTRUCTURE_REDIRECT_MASK = 1L << 20;

    int XInitThreads();

    Pointer XOpenDisplay(String name);

    int XCloseDisplay(Pointer display);

    int XConnectionNumber(Pointer display);

    long XDefaultRootWindow(Pointer display);

    int XDefaultScreen(Pointer display);

    int XDisplayWidth(Pointer display, int screen);

    int XDisplayHeight(Pointer display, int screen);

    long XBlackPixel(Pointer display, int screen);

    long XInternAtom(Pointer display, String name, int onlyIfExists);

    Pointer XGetAtomName(Pointer display, long atom);

    int XQueryTree(Pointer display, long window, LongByReference root, LongByReference parent,
            PointerByReference children, IntByReference count);

    int XGetWindowProperty(Pointer display, long window, long property, long offset, long length, int delete,
            long requestedType, LongByReference actualType, IntByReference actualFormat, LongByReference items,
            LongByReference bytesAfter, PointerByReference data);

    int XChangeProperty(Pointer display, long window, long property, long type, int format, int mode, Pointer data,
            int elements);

    int XDeleteProperty(Pointer display, long window, long property);

    int XGetWindowAttributes(Pointer display, long window, Pointer attributes);

    int XGetClassHint(Pointer display, long window, Pointer classHint);

    int XGetTextProperty(Pointer display, long window, Pointer textProperty, long property);

    int Xutf8TextPropertyToTextList(Pointer display, Pointer textProperty, PointerByReference list, IntByReference count);

    void XFreeStringList(Pointer list);

    int XSelectInput(Pointer display, long window, long mask);

    int XNextEvent(Pointer display, Pointer event);

    int XPending(Pointer display);

    int XFlush(Pointer display);

    /** The serial number the next request on this connection will carry. */
    long XNextRequest(Pointer display);

    int XSync(Pointer display, int discard);

    int XFree(Pointer data);

    long XCreateWindow(Pointer display, long parent, int x, int y, int width, int height, int borderWidth, int depth,
            int windowClass, Pointer visual, long valueMask, Pointer attributes);

    int XMapRaised(Pointer display, long window);

    int XMapWindow(Pointer display, long window);

    int XUnmapWindow(Pointer display, long window);

    int XRaiseWindow(Pointer display, long window);

    int XMoveResizeWindow(Pointer display, long window, int x, int y, int width, int height);

    int XDestroyWindow(Pointer display, long window);

    /** {@code changes}: XWindowChanges (x, y, width, height, border_width, sibling @24, stack_mode @32; 40 bytes). */
    int XConfigureWindow(Pointer display, long window, int valueMask, Pointer changes);

    int XSendEvent(Pointer display, long window, int propagate, long eventMask, Pointer event);

    int XGrabKeyboard(Pointer display, long grabWindow, int ownerEvents, int pointerMode, int keyboardMode, long time);

    int XUngrabKeyboard(Pointer display, long time);

    int XSetInputFocus(Pointer display, long focus, int revertTo, long time);

    // Drawing, for the dimmer's dither.
    int FILL_STIPPLED = 2;

    Pointer XCreateGC(Pointer display, long drawable, long valueMask, Pointer values);

    int XFreeGC(Pointer display, Pointer gc);

    int XSetForeground(Pointer display, Pointer gc, long pixel);

    int XSetFillStyle(Pointer display, Pointer gc, int fillStyle);

    int XSetStipple(Pointer display, Pointer gc, long stipple);

    long XCreateBitmapFromData(Pointer display, long drawable, byte[] data, int width, int height);

    int XFreePixmap(Pointer display, long pixmap);

    int XFillRectangle(Pointer display, long drawable, Pointer gc, int x, int y, int width, int height);

    // Reading pixels back, for measuring from outside what the screen shows.
    int Z_PIXMAP = 2;
    long ALL_PLANES = ~0L;

    Pointer XGetImage(Pointer display, long drawable, int x, int y, int width, int height, long planeMask, int format);

    long XGetPixel(Pointer image, int x, int y);

    int XDestroyImage(Pointer image);

    int XSetCloseDownMode(Pointer display, int mode);

    int XKillClient(Pointer display, long resource);

    /** Xlib's default handler calls exit(); every connection installs this one (and keeps it referenced). */
    interface ErrorHandler extends Callback {
        int callback(Pointer display, Pointer errorEvent);
    }

    ErrorHandler XSetErrorHandler(ErrorHandler handler);
}
