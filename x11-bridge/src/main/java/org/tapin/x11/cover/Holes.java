package org.tapin.x11.cover;

import com.sun.jna.Memory;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tapin.x11.xlib.XConnection;
import org.tapin.x11.xlib.XShape;
import org.tapin.x11.xlib.Xlib;

/**
 * Cuts the lock screen's windows open (X SHAPE) where windows the access list allows lie beneath them, so those
 * show as if they were stacked above the lock screen. Real stacking cannot do it: window managers keep an
 * undecorated, always-on-top window that fills the monitor in their full-screen layer (openbox does, xfwm4 too),
 * above anything an ordinary window can reach, and lifting an allowed window there would mean changing its
 * state, its focus or its transient-for behind the application's back.
 *
 * <p>A hole is safe because of what lies beneath it: the cover sits directly above the topmost window that is
 * denied, so between the cover and the lock screen there are only allowed windows, and where none is drawn the
 * black cover shows. The shapes are set on the lock screen's client windows (a reparenting window manager copies
 * a client's shape onto its frame) and taken off again as soon as they are not wanted, and at unlock.
 */
final class Holes {

    private static final Logger LOG = LoggerFactory.getLogger("Agent.Enforcer");

    /** A rectangle in the coordinates of the window it is cut from. */
    record Rect(int x, int y, int width, int height) {}

    /** What one lock-screen window should look like: its size and the holes in it (none: unshaped). */
    record Cut(int width, int height, List<Rect> holes) {}

    private final XConnection x;
    private final Map<Long, Cut> applied = new HashMap<>();

    Holes(XConnection x) {
        this.x = x;
    }

    /**
     * Makes the lock screen's windows look as {@code wanted} says (client window to cut); every window cut before
     * and not named now is made whole again. Returns true if it sent anything.
     */
    boolean apply(Map<Long, Cut> wanted) {
        Set<Long> clients = new HashSet<>(applied.keySet());
        clients.addAll(wanted.keySet());
        boolean sent = false;
        for (long client : clients) {
            Cut cut = wanted.get(client);
            if (cut == null || cut.holes().isEmpty()) {
                if (applied.remove(client) != null) {
                    whole(client);
                    sent = true;
                }
            } else if (!cut.equals(applied.get(client))) {
                cutOpen(client, cut);
                applied.put(client, cut);
                sent = true;
            }
        }
        return sent;
    }

    /** Every lock-screen window whole again (unlock): the next lock starts from a plain lock screen. */
    boolean closeAll() {
        return apply(Map.of());
    }

    /** A lock-screen window was destroyed: nothing to restore on it. */
    void forget(long client) {
        applied.remove(client);
    }

    private void cutOpen(long client, Cut cut) {
        Memory full = rectangles(List.of(new Rect(0, 0, cut.width(), cut.height())));
        Memory holes = rectangles(cut.holes());
        x.trap(() -> {
            XShape.INSTANCE.XShapeCombineRectangles(x.display(), client, XShape.SHAPE_BOUNDING, 0, 0, full, 1,
                    XShape.SHAPE_SET, XShape.UNSORTED);
            XShape.INSTANCE.XShapeCombineRectangles(x.display(), client, XShape.SHAPE_BOUNDING, 0, 0, holes,
                    cut.holes().size(), XShape.SHAPE_SUBTRACT, XShape.UNSORTED);
        });
        LOG.debug("lock-screen window 0x{} opened for {} allowed window(s): {}", Long.toHexString(client),
                cut.holes().size(), cut.holes());
    }

    private void whole(long client) {
        x.trap(() -> XShape.INSTANCE.XShapeCombineMask(x.display(), client, XShape.SHAPE_BOUNDING, 0, 0, Xlib.NONE,
                XShape.SHAPE_SET));
        LOG.debug("lock-screen window 0x{} whole again", Long.toHexString(client));
    }

    private static Memory rectangles(List<Rect> rects) {
        Memory memory = new Memory((long) Math.max(1, rects.size()) * XShape.RECTANGLE_SIZE);
        memory.clear();
        for (int i = 0; i < rects.size(); i++) {
            Rect r = rects.get(i);
            long at = (long) i * XShape.RECTANGLE_SIZE;
            memory.setShort(at, (short) clamp(r.x()));
            memory.setShort(at + 2, (short) clamp(r.y()));
            memory.setShort(at + 4, (short) Math.max(0, Math.min(0xFFFF, r.width())));
            memory.setShort(at + 6, (short) Math.max(0, Math.min(0xFFFF, r.height())));
        }
        return memory;
    }

    private static int clamp(int coordinate) {
        return Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, coordinate));
    }
}
