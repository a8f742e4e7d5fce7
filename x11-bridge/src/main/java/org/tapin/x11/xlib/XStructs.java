package org.tapin.x11.xlib;

/** Byte offsets of the Xlib structures tapin reads, for LP64 (x86_64, aarch64). */
public final class XStructs {
    private XStructs() {}

    /** sizeof(XEvent): a union padded to 24 longs. */
    public static final int EVENT_SIZE = 192;
    public static final int EVENT_TYPE = 0;
    public static final int EVENT_SEND = 16;
    /** XCreateWindowEvent, XMapEvent, XUnmapEvent, XDestroyWindowEvent, XReparentEvent, XConfigureEvent: the subject window. */
    public static final int EVENT_WINDOW = 40;
    public static final int CREATE_OVERRIDE_REDIRECT = 68;
    public static final int MAP_OVERRIDE_REDIRECT = 48;
    public static final int REPARENT_PARENT = 48;
    public static final int CONFIGURE_ABOVE = 72;
    /** XCrossingEvent (Enter/LeaveNotify): the window at 32, mode at 80. */
    public static final int CROSSING_WINDOW = 32;

    /** XPropertyEvent: window at 32, atom at 40. */
    public static final int PROPERTY_WINDOW = 32;
    public static final int PROPERTY_ATOM = 40;

    public static final int WINDOW_ATTRIBUTES_SIZE = 136;
    public static final int ATTR_X = 0;
    public static final int ATTR_Y = 4;
    public static final int ATTR_WIDTH = 8;
    public static final int ATTR_HEIGHT = 12;
    public static final int ATTR_MAP_STATE = 92;
    public static final int ATTR_OVERRIDE_REDIRECT = 120;

    /** XSetWindowAttributes: 112 bytes; Bools are C ints. */
    public static final int SET_ATTRIBUTES_SIZE = 112;
    public static final int SET_BACKGROUND_PIXEL = 8;
    public static final int SET_EVENT_MASK = 72;
    public static final int SET_OVERRIDE_REDIRECT = 88;

    /** XClassHint: res_name, res_class (two char pointers). */
    public static final int CLASS_HINT_SIZE = 16;

    /** XTextProperty: value, encoding, format, nitems. */
    public static final int TEXT_PROPERTY_SIZE = 32;

    /** XErrorEvent: type, display, resourceid, serial, error_code, request_code, minor_code. */
    public static final int ERROR_RESOURCE = 16;
    public static final int ERROR_SERIAL = 24;
    public static final int ERROR_CODE = 32;
    public static final int ERROR_REQUEST = 33;

    /** XResClientIdSpec (16 bytes) and XResClientIdValue (spec, long length, void* value: 32 bytes). */
    public static final int RES_SPEC_SIZE = 16;
    public static final int RES_VALUE_SIZE = 32;
    public static final int RES_VALUE_LENGTH = 16;
    public static final int RES_VALUE_POINTER = 24;
}
