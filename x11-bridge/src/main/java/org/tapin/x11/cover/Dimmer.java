package org.tapin.x11.cover;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tapin.x11.xlib.XConnection;
import org.tapin.x11.xlib.XException;
import org.tapin.x11.xlib.XStructs;
import org.tapin.x11.xlib.Xlib;

/**
 * The fade before a walk-away lock: a real darkening of the whole desktop on every monitor, without a
 * compositor (thin clients rarely run one). As xsecurelock's dimmer does, an override-redirect window with no
 * background keeps showing what was beneath it, and black pixels are stippled onto it in a 4x4 ordered-dither
 * pattern, a few more at each step, until it is black. Level 0 unmaps it and the desktop repaints.
 *
 * <p>It has its own connection in the default close-down mode, unlike the cover: if the agent dies mid-fade
 * the half-dark window goes with it, and the cover (retained) is what stays. Not thread-safe: one caller.
 */
public final class Dimmer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("Agent.Cover");
    /** Bayer's 4x4 threshold matrix: pixel (x, y) turns black from level BAYER[y][x] + 1 on. */
    private static final int[][] BAYER = {{0, 8, 2, 10}, {12, 4, 14, 6}, {3, 11, 1, 9}, {15, 7, 13, 5}};
    public static final int LEVELS = 16;

    private final XConnection x;
    private long window = Xlib.NONE;
    private Pointer gc;
    private int level;

    public Dimmer(String displayName) {
        this.x = XConnection.open(displayName);
    }

    /** Darkens to {@code progress} (0 clear, 1 black); only ever darker until it is set back to 0. */
    public void dim(double progress) {
        int target = (int) Math.round(Math.max(0, Math.min(1, progress)) * LEVELS);
        if (target == 0) {
            clear();
            return;
        }
        if (window == Xlib.NONE) {
            create();
        }
        if (level == 0) {
            Xlib.INSTANCE.XMoveResizeWindow(x.display(), window, 0, 0, x.screenWidth(), x.screenHeight());
            Xlib.INSTANCE.XMapRaised(x.display(), window);
        } else {
            Xlib.INSTANCE.XRaiseWindow(x.display(), window);
        }
        if (target > level) {
            long stipple = Xlib.INSTANCE.XCreateBitmapFromData(x.display(), window, pattern(target), 4, 4);
            Xlib.INSTANCE.XSetStipple(x.display(), gc, stipple);
            Xlib.INSTANCE.XFillRectangle(x.display(), window, gc, 0, 0, x.screenWidth(), x.screenHeight());
            Xlib.INSTANCE.XFreePixmap(x.display(), stipple);
            level = target;
        }
        x.sync();
    }

    public int level() {
        return level;
    }

    private void clear() {
        if (window != Xlib.NONE && level > 0) {
            Xlib.INSTANCE.XUnmapWindow(x.display(), window);
            x.sync();
        }
        level = 0;
    }

    /** The stipple for {@code level}: 4 rows of one byte each, least significant bit leftmost (XBM order). */
    static byte[] pattern(int level) {
        byte[] rows = new byte[4];
        for (int y = 0; y < 4; y++) {
            for (int col = 0; col < 4; col++) {
                if (BAYER[y][col] < level) {
                    rows[y] |= (byte) (1 << col);
                }
            }
        }
        return rows;
    }

    private void create() {
        Xlib X = Xlib.INSTANCE;
        Memory attributes = new Memory(XStructs.SET_ATTRIBUTES_SIZE);
        attributes.clear(); // background_pixmap None: the window shows what was beneath it when mapped
        attributes.setInt(XStructs.SET_OVERRIDE_REDIRECT, 1);
        long[] created = new long[1];
        int error = x.trapSync(() -> created[0] = X.XCreateWindow(x.display(), x.root(), 0, 0, x.screenWidth(),
                x.screenHeight(), 0, 0, Xlib.INPUT_OUTPUT, null, Xlib.CW_OVERRIDE_REDIRECT, attributes));
        if (error != 0 || created[0] == Xlib.NONE) {
            throw new XException("cannot create the dimmer window (X error " + error + ")");
        }
        window = created[0];
        x.changeProperty32(window, x.atom("_NET_WM_PID"), Xlib.XA_CARDINAL, ProcessHandle.current().pid());
        gc = X.XCreateGC(x.display(), window, 0, null);
        X.XSetForeground(x.display(), gc, X.XBlackPixel(x.display(), X.XDefaultScreen(x.display())));
        X.XSetFillStyle(x.display(), gc, Xlib.FILL_STIPPLED);
        LOG.debug("dimmer 0x{} created", Long.toHexString(window));
    }

    @Override
    public void close() {
        if (gc != null) {
            Xlib.INSTANCE.XFreeGC(x.display(), gc);
        }
        if (window != Xlib.NONE) {
            Xlib.INSTANCE.XDestroyWindow(x.display(), window);
        }
        x.close();
    }
}
