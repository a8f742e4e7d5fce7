package org.tapin.x11.xlib;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One Display connection, used by one thread only (Xlib connections are not shared across threads here).
 * Protocol errors never end the process: a process-wide handler records them per connection, and the calls
 * below report a window that vanished mid-query (the common BadWindow race) as an empty answer.
 */
public final class XConnection implements AutoCloseable {

    private static final Xlib X = Xlib.INSTANCE;
    private static final Map<Long, XError> LAST_ERROR = new ConcurrentHashMap<>();
    /** Kept in a static field: a collected callback would crash the JVM at the next X error. */
    private static final Xlib.ErrorHandler HANDLER = (display, event) -> {
        LAST_ERROR.put(Pointer.nativeValue(display),
                new XError(event.getLong(XStructs.ERROR_SERIAL), event.getByte(XStructs.ERROR_CODE) & 0xFF));
        return 0;
    };

    private record XError(long serial, int code) {}

    static {
        X.XInitThreads();
        X.XSetErrorHandler(HANDLER);
    }

    private final Pointer display;
    private final long root;
    private final Map<String, Long> atoms = new HashMap<>();

    private XConnection(Pointer display) {
        this.display = display;
        this.root = X.XDefaultRootWindow(display);
    }

    /** Opens {@code name} (e.g. ":0"), or $DISPLAY when null; fails with a clear message when the server is not there. */
    public static XConnection open(String name) {
        Pointer display = X.XOpenDisplay(name);
        if (display == null) {
            throw new XException("cannot open X display " + (name != null ? name : System.getenv("DISPLAY")));
        }
        return new XConnection(display);
    }

    public Pointer display() {
        return display;
    }

    public long root() {
        return root;
    }

    public long atom(String name) {
        return atoms.computeIfAbsent(name, n -> X.XInternAtom(display, n, 0));
    }

    /** The atom's name, or empty when the server knows no such atom. */
    public Optional<String> atomName(long atom) {
        Pointer name = X.XGetAtomName(display, atom);
        if (name == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(name.getString(0, StandardCharsets.UTF_8.name()));
        } finally {
            X.XFree(name);
        }
    }

    /** The root's pixel at (x, y) as 0xRRGGBB (24-bit TrueColor, as Xvfb and thin clients run), -1 if unreadable. */
    public int pixel(int px, int py) {
        Pointer image = X.XGetImage(display, root, px, py, 1, 1, Xlib.ALL_PLANES, Xlib.Z_PIXMAP);
        if (image == null) {
            return -1;
        }
        try {
            return (int) (X.XGetPixel(image, 0, 0) & 0xFFFFFF);
        } finally {
            X.XDestroyImage(image);
        }
    }

    public int screenWidth() {
        return X.XDisplayWidth(display, X.XDefaultScreen(display));
    }

    public int screenHeight() {
        return X.XDisplayHeight(display, X.XDefaultScreen(display));
    }

    /**
     * Runs {@code call} and returns the X error code one of its requests caused, or 0. Errors are matched by
     * request serial, so no round trip is added: a call that waits for a reply (every query here) has had its
     * error handled by the time it returns. Errors of requests that send no reply arrive later and are
     * attributed only by {@link #trapSync}.
     */
    public int trap(Runnable call) {
        long key = Pointer.nativeValue(display);
        long first = X.XNextRequest(display);
        LAST_ERROR.remove(key);
        call.run();
        XError error = LAST_ERROR.remove(key);
        return error != null && error.serial() >= first ? error.code() : 0;
    }

    /** As {@link #trap}, then waits for the server to process everything, for calls whose errors come late. */
    public int trapSync(Runnable call) {
        return trap(() -> {
            call.run();
            X.XSync(display, 0);
        });
    }

    /** Direct children of {@code window}, bottom to top (X's stacking order). */
    public List<Long> children(long window) {
        LongByReference rootOut = new LongByReference();
        LongByReference parent = new LongByReference();
        PointerByReference children = new PointerByReference();
        IntByReference count = new IntByReference();
        List<Long> result = new ArrayList<>();
        int error = trap(() -> X.XQueryTree(display, window, rootOut, parent, children, count));
        if (error == 0 && children.getValue() != null) {
            long[] ids = children.getValue().getLongArray(0, count.getValue());
            for (long id : ids) {
                result.add(id);
            }
            X.XFree(children.getValue());
        }
        return result;
    }

    public long parent(long window) {
        LongByReference rootOut = new LongByReference();
        LongByReference parent = new LongByReference();
        PointerByReference children = new PointerByReference();
        IntByReference count = new IntByReference();
        int error = trap(() -> X.XQueryTree(display, window, rootOut, parent, children, count));
        if (children.getValue() != null) {
            X.XFree(children.getValue());
        }
        return error == 0 ? parent.getValue() : Xlib.NONE;
    }

    /** Geometry, map state and override-redirect of a window, or empty when it is gone. */
    public Optional<WindowAttributes> attributes(long window) {
        Memory attrs = new Memory(XStructs.WINDOW_ATTRIBUTES_SIZE);
        attrs.clear();
        int[] status = new int[1];
        int error = trap(() -> status[0] = X.XGetWindowAttributes(display, window, attrs));
        if (error != 0 || status[0] == 0) {
            return Optional.empty();
        }
        return Optional.of(new WindowAttributes(attrs.getInt(XStructs.ATTR_X), attrs.getInt(XStructs.ATTR_Y),
                attrs.getInt(XStructs.ATTR_WIDTH), attrs.getInt(XStructs.ATTR_HEIGHT),
                attrs.getInt(XStructs.ATTR_MAP_STATE) == Xlib.IS_VIEWABLE,
                attrs.getInt(XStructs.ATTR_OVERRIDE_REDIRECT) != 0));
    }

    public record WindowAttributes(int x, int y, int width, int height, boolean viewable, boolean overrideRedirect) {}

    /** The raw bytes (format 8) or C longs (format 32) of a property; empty when unset or the window is gone. */
    public Optional<Property> property(long window, long atom, long type) {
        LongByReference actualType = new LongByReference();
        IntByReference format = new IntByReference();
        LongByReference items = new LongByReference();
        LongByReference after = new LongByReference();
        PointerByReference data = new PointerByReference();
        int[] status = new int[1];
        // 64 KiB of a title is plenty; the rest of a hostile, endless property is not read.
        int error = trap(() -> status[0] = X.XGetWindowProperty(display, window, atom, 0, 16_384, 0, type, actualType,
                format, items, after, data));
        try {
            if (error != 0 || status[0] != 0 || data.getValue() == null || actualType.getValue() == Xlib.NONE) {
                return Optional.empty();
            }
            int n = (int) items.getValue();
            if (format.getValue() == 32) {
                return Optional.of(new Property(actualType.getValue(), 32, null, data.getValue().getLongArray(0, n)));
            }
            int unit = format.getValue() / 8;
            return Optional.of(new Property(actualType.getValue(), format.getValue(), data.getValue().getByteArray(0, n * unit), null));
        } finally {
            if (data.getValue() != null) {
                X.XFree(data.getValue());
            }
        }
    }

    public record Property(long type, int format, byte[] bytes, long[] longs) {}

    /** WM_CLASS as (instance, class), each possibly empty. */
    public String[] classHint(long window) {
        Memory hint = new Memory(XStructs.CLASS_HINT_SIZE);
        hint.clear();
        int[] status = new int[1];
        int error = trap(() -> status[0] = X.XGetClassHint(display, window, hint));
        if (error != 0 || status[0] == 0) {
            return new String[] {"", ""};
        }
        Pointer name = hint.getPointer(0);
        Pointer cls = hint.getPointer(8);
        String[] result = {cString(name), cString(cls)};
        if (name != null) {
            X.XFree(name);
        }
        if (cls != null) {
            X.XFree(cls);
        }
        return result;
    }

    /** The window's name: {@code _NET_WM_NAME} (UTF-8), else WM_NAME in whatever encoding it uses (COMPOUND_TEXT too). */
    public String name(long window) {
        Optional<Property> net = property(window, atom("_NET_WM_NAME"), atom("UTF8_STRING"));
        if (net.isPresent() && net.get().bytes() != null) {
            return new String(net.get().bytes(), StandardCharsets.UTF_8);
        }
        Memory text = new Memory(XStructs.TEXT_PROPERTY_SIZE);
        text.clear();
        int[] status = new int[1];
        int error = trap(() -> status[0] = X.XGetTextProperty(display, window, text, Xlib.XA_WM_NAME));
        if (error != 0 || status[0] == 0 || text.getPointer(0) == null) {
            return "";
        }
        try {
            PointerByReference list = new PointerByReference();
            IntByReference count = new IntByReference();
            if (X.Xutf8TextPropertyToTextList(display, text, list, count) >= 0 && count.getValue() > 0) {
                String value = list.getValue().getPointer(0).getString(0, StandardCharsets.UTF_8.name());
                X.XFreeStringList(list.getValue());
                return value;
            }
            return "";
        } finally {
            X.XFree(text.getPointer(0));
        }
    }

    public void selectInput(long window, long mask) {
        trap(() -> X.XSelectInput(display, window, mask));
    }

    public void changeProperty32(long window, long property, long type, long... values) {
        Memory data = new Memory(Math.max(1, values.length) * (long) Native.LONG_SIZE);
        for (int i = 0; i < values.length; i++) {
            data.setNativeLong((long) i * Native.LONG_SIZE, new NativeLong(values[i]));
        }
        X.XChangeProperty(display, window, property, type, 32, Xlib.PROP_MODE_REPLACE, data, values.length);
    }

    public void flush() {
        X.XFlush(display);
    }

    public void sync() {
        X.XSync(display, 0);
    }

    @Override
    public void close() {
        X.XCloseDisplay(display);
    }

    private static String cString(Pointer p) {
        return p == null ? "" : p.getString(0, StandardCharsets.UTF_8.name());
    }
}
