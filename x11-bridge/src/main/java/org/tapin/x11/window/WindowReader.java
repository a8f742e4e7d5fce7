package org.tapin.x11.window;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.tapin.x11.xlib.XConnection;
import org.tapin.x11.xlib.XRes;
import org.tapin.x11.xlib.XStructs;
import org.tapin.x11.xlib.Xlib;

/** Reads what tapin needs to know about windows, on one connection (and so on its thread only). */
public final class WindowReader {

    /** Set on tapin's own cover so that it is never mistaken for a client and is found again after a restart. */
    public static final String COVER_MARK = "_TAPIN_COVER_MARK";

    private final XConnection x;
    private final boolean xresAvailable;

    public WindowReader(XConnection x) {
        this.x = x;
        this.xresAvailable = probeXRes();
    }

    /** Viewable top-level windows, bottom to top, without tapin's own cover. */
    public List<TopLevelWindow> topLevels() {
        List<TopLevelWindow> windows = new ArrayList<>();
        for (long frame : x.children(x.root())) {
            read(frame).filter(w -> !isCover(frame)).ifPresent(windows::add);
        }
        return windows;
    }

    /** The window under the top-level {@code frame}, if the frame is viewable. */
    public Optional<TopLevelWindow> read(long frame) {
        Optional<XConnection.WindowAttributes> attrs = x.attributes(frame);
        if (attrs.isEmpty() || !attrs.get().viewable()) {
            return Optional.empty();
        }
        long client = attrs.get().overrideRedirect() ? frame : clientOf(frame);
        return Optional.of(describe(client, frame, attrs.get()));
    }

    /** Reads a window's identity again (after a rename, for example), keeping its frame. */
    public TopLevelWindow describe(long client, long frame, XConnection.WindowAttributes frameAttrs) {
        String[] hint = x.classHint(client);
        long netPid = x.property(client, x.atom("_NET_WM_PID"), Xlib.XA_CARDINAL)
                .filter(p -> p.longs() != null && p.longs().length > 0).map(p -> p.longs()[0]).orElse(0L);
        long pid = serverPid(client);
        return new TopLevelWindow(client, frame, hint[0], hint[1], x.name(client), netPid, pid, executable(pid),
                frameAttrs.overrideRedirect(), frameAttrs.x(), frameAttrs.y(), frameAttrs.width(), frameAttrs.height());
    }

    public boolean isCover(long window) {
        return x.property(window, x.atom(COVER_MARK), Xlib.ANY_PROPERTY_TYPE).isPresent();
    }

    /**
     * The client inside a window manager's frame: the first descendant with WM_STATE. Without a window
     * manager nobody sets WM_STATE and the top-level window is the client.
     */
    public long clientOf(long frame) {
        long found = firstDescendantWith(frame, x.atom("WM_STATE"));
        // The frame can be mapped a moment before the window manager sets WM_STATE: fall back on WM_CLASS.
        return found != Xlib.NONE ? found : Math.max(frame, firstDescendantWith(frame, x.atom("WM_CLASS")));
    }

    private long firstDescendantWith(long top, long property) {
        Deque<Long> queue = new ArrayDeque<>();
        queue.add(top);
        int visited = 0;
        while (!queue.isEmpty() && visited++ < 64) {
            long window = queue.poll();
            if (x.property(window, property, Xlib.ANY_PROPERTY_TYPE).isPresent()) {
                return window;
            }
            queue.addAll(x.children(window));
        }
        return Xlib.NONE;
    }

    private long serverPid(long window) {
        if (!xresAvailable) {
            return 0;
        }
        Memory spec = new Memory(XStructs.RES_SPEC_SIZE);
        spec.clear();
        spec.setLong(0, window);
        spec.setInt(8, XRes.CLIENT_ID_PID_MASK);
        LongByReference count = new LongByReference();
        PointerByReference values = new PointerByReference();
        int[] status = new int[1];
        int error = x.trap(() -> status[0] = XRes.INSTANCE.XResQueryClientIds(x.display(), 1, spec, count, values));
        if (error != 0 || status[0] != 0 || values.getValue() == null) {
            return 0;
        }
        try {
            Pointer base = values.getValue();
            for (long i = 0; i < count.getValue(); i++) {
                long offset = i * XStructs.RES_VALUE_SIZE;
                if ((base.getInt(offset + 8) & XRes.CLIENT_ID_PID_MASK) != 0 && base.getLong(offset + XStructs.RES_VALUE_LENGTH) == 4) {
                    return Integer.toUnsignedLong(base.getPointer(offset + XStructs.RES_VALUE_POINTER).getInt(0));
                }
            }
            return 0;
        } finally {
            XRes.INSTANCE.XResClientIdsDestroy(count.getValue(), values.getValue());
        }
    }

    private static String executable(long pid) {
        if (pid <= 0) {
            return "";
        }
        try {
            return Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "exe")).toString();
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return ""; // another user's process without privilege, or gone: the executable is unknown
        }
    }

    private boolean probeXRes() {
        try {
            XRes.INSTANCE.getClass();
            return true;
        } catch (UnsatisfiedLinkError e) {
            return false;
        }
    }
}
