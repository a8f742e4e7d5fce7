package org.tapin.lockscreen;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;

/**
 * Tells when the lock screen's window loses the X input focus, so the keyboard grab and the focus are taken
 * back at once instead of being checked on a timer (a five-times-a-second check kept the idle, locked overlay
 * awake for nothing). A window manager focuses a window mapped above the lock (an allowed one) and the focus
 * leaves the lock screen's window: the X server sends it a FocusOut, whatever grab is active, to every client
 * that selected focus changes on it. This one selects them on an X connection of its own and waits on its
 * socket in a thread of its own, so it costs nothing while nobody moves the focus. It lives as long as the
 * overlay's process.
 *
 * <p>Errors on this connection (the window gone meanwhile) go to GDK's error handler, which ignores errors of
 * a display it did not open.
 */
final class FocusWatch {

    interface Xlib extends Library {
        Xlib INSTANCE = Native.load("X11", Xlib.class);

        Pointer XOpenDisplay(String name);

        int XConnectionNumber(Pointer display);

        int XSelectInput(Pointer display, long window, NativeLong mask);

        int XPending(Pointer display);

        int XNextEvent(Pointer display, Pointer event);

        int XFlush(Pointer display);

        int XGetInputFocus(Pointer display, LongByReference focus, IntByReference revertTo);

        int XCloseDisplay(Pointer display);
    }

    interface LibC extends Library {
        LibC INSTANCE = Native.load("c", LibC.class);

        int poll(Pointer fds, long count, int timeoutMillis);

        int eventfd(int initialValue, int flags);

        long read(int fd, Pointer buffer, long count);

        long write(int fd, Pointer buffer, long count);
    }

    private static final long FOCUS_CHANGE_MASK = 1L << 21;
    private static final int FOCUS_OUT = 10;
    private static final int NOTIFY_INFERIOR = 2;
    private static final int NOTIFY_UNGRAB = 2;
    private static final int EVENT_MODE = 40;
    private static final int EVENT_SIZE = 192;
    private static final int EVENT_DETAIL = 44;
    private static final short POLLIN = 1;
    private static final int EFD_NONBLOCK = 04000;
    private static final int EFD_CLOEXEC = 02000000;
    /** A window manager that keeps focusing another window is answered at most this often, never in a tight loop. */
    static final long MIN_INTERVAL_MILLIS = 50;

    /** Told on the watch's thread; {@code grabEnded} when the keyboard grab on the window ended as well. */
    interface Listener {
        void focusLost(boolean grabEnded);
    }

    private final Listener focusLost;
    private final int wakeFd;
    private final Thread thread;
    private volatile long wanted;

    /** @param focusLost called on this watch's thread each time the watched window lost the focus (coalesced) */
    FocusWatch(Listener focusLost) {
        this.focusLost = focusLost;
        this.wakeFd = LibC.INSTANCE.eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
        if (wakeFd < 0) {
            throw new IllegalStateException("cannot create an eventfd for the focus watch");
        }
        this.thread = new Thread(this::run, "focus-watch");
        thread.setDaemon(true);
    }

    FocusWatch start() {
        thread.start();
        return this;
    }

    /** Watches {@code window} (an X window id) from now on; 0 watches nothing. */
    void watch(long window) {
        if (window != wanted) {
            wanted = window;
            wake();
        }
    }

    private void wake() {
        Memory one = new Memory(8);
        one.setLong(0, 1);
        LibC.INSTANCE.write(wakeFd, one, 8);
    }

    private void run() {
        Xlib x = Xlib.INSTANCE;
        Pointer display = x.XOpenDisplay(null); // $DISPLAY, the one GTK opened
        if (display == null) {
            System.err.println("overlay: no X connection for the focus watch; the focus is taken back only on grabs");
            return;
        }
        Memory fds = new Memory(16);
        fds.setInt(0, x.XConnectionNumber(display));
        fds.setShort(4, POLLIN);
        fds.setInt(8, wakeFd);
        fds.setShort(12, POLLIN);
        Memory drain = new Memory(8);
        Memory event = new Memory(EVENT_SIZE);
        long watched = 0;
        try {
            while (true) {
                long target = wanted;
                boolean selected = false;
                if (target != watched) {
                    selected = true;
                    if (watched != 0) {
                        x.XSelectInput(display, watched, new NativeLong(0));
                    }
                    if (target != 0) {
                        x.XSelectInput(display, target, new NativeLong(FOCUS_CHANGE_MASK));
                    }
                    watched = target;
                }
                boolean lost = false;
                boolean grabEnded = false;
                if (selected) {
                    // The focus may have moved between the grab and this selection: no FocusOut would tell.
                    LongByReference focus = new LongByReference();
                    x.XGetInputFocus(display, focus, new IntByReference());
                    lost = watched != 0 && focus.getValue() != watched;
                }
                while (x.XPending(display) > 0) {
                    x.XNextEvent(display, event);
                    // Focus moving to a child of the lock screen's window is not a loss.
                    boolean out = event.getInt(0) == FOCUS_OUT && watched != 0;
                    lost |= out && event.getInt(EVENT_DETAIL) != NOTIFY_INFERIOR;
                    grabEnded |= out && event.getInt(EVENT_MODE) == NOTIFY_UNGRAB;
                }
                if (lost || grabEnded) {
                    focusLost.focusLost(grabEnded);
                    Thread.sleep(MIN_INTERVAL_MILLIS);
                    continue; // what came meanwhile is read (and coalesced) before sleeping again
                }
                fds.setShort(6, (short) 0);
                fds.setShort(14, (short) 0);
                LibC.INSTANCE.poll(fds, 2, -1);
                LibC.INSTANCE.read(wakeFd, drain, 8);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            x.XCloseDisplay(display);
        }
    }
}
