package org.tapin.lockscreen;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import javafx.stage.Stage;

/**
 * Holds the keyboard for the lock screen while it shows. Keys go to the X client that grabbed them, whatever
 * has the focus; a window manager that hands the focus back to a window below the lock (openbox does, on its
 * own focus fallback) would otherwise receive what the clinician types, password included. The grab is made
 * on GTK's own Display, from the FX thread, so JavaFX receives the keys; it ends by itself when this process
 * dies, and the agent's cover takes the keyboard then.
 */
final class KeyboardGrab {

    interface Gdk extends Library {
        Gdk INSTANCE = Native.load("gdk-3", Gdk.class);

        Pointer gdk_x11_get_default_xdisplay();
    }

    interface Xlib extends Library {
        Xlib INSTANCE = Native.load("X11", Xlib.class);

        int XGrabKeyboard(Pointer display, long window, int ownerEvents, int pointerMode, int keyboardMode, long time);

        int XUngrabKeyboard(Pointer display, long time);

        int XSetInputFocus(Pointer display, long focus, int revertTo, long time);

        int XGetInputFocus(Pointer display, LongByReference focus, IntByReference revertTo);

        int XFlush(Pointer display);
    }

    private static final int GRAB_SUCCESS = 0;
    private static final int GRAB_MODE_ASYNC = 1;
    private static final long CURRENT_TIME = 0;
    private static final int REVERT_TO_PARENT = 2;

    private long heldOn;

    /** Takes the keyboard for {@code stage}'s window; true once held. Call on the FX thread; cheap when held. */
    boolean hold(Stage stage) {
        long window = nativeWindow(stage);
        if (window == 0) {
            return false;
        }
        Pointer display = Gdk.INSTANCE.gdk_x11_get_default_xdisplay();
        if (heldOn == window) {
            return true;
        }
        // owner_events: keys for this process's own windows (the power menu's popup) still go to them.
        int status = Xlib.INSTANCE.XGrabKeyboard(display, window, 1, GRAB_MODE_ASYNC, GRAB_MODE_ASYNC, CURRENT_TIME);
        if (status == GRAB_SUCCESS) {
            heldOn = window;
            keepFocus(display, window);
            return true;
        }
        heldOn = 0;
        return false; // another client (the cover, a moment longer) holds it: asked again shortly
    }

    /**
     * The X input focus on the lock screen too, not only the grab. The cover put the focus on itself when it
     * engaged (and a window manager may move it), and a window manager never focuses an override-redirect
     * window: with the focus on another client, the keys reach this process as events for an unfocused window,
     * which JavaFX hands to no text field. Taken with each new grab; left alone while it is on one of this
     * process's windows (the power menu's popup, when open). Checked again each time the window loses the focus.
     */
    private static void keepFocus(Pointer display, long window) {
        LongByReference focus = new LongByReference();
        Xlib.INSTANCE.XGetInputFocus(display, focus, new IntByReference());
        boolean ours = false;
        for (com.sun.glass.ui.Window w : com.sun.glass.ui.Window.getWindows()) {
            ours |= w.getNativeWindow() == focus.getValue();
        }
        if (!ours) {
            Xlib.INSTANCE.XSetInputFocus(display, window, REVERT_TO_PARENT, CURRENT_TIME);
            Xlib.INSTANCE.XFlush(display);
        }
    }

    /**
     * Held, but the focus can still move: a window manager focuses a window mapped while locked (an allowed one
     * above the lock screen, say). The keys still come here, grabbed, but as events for an unfocused window that
     * JavaFX gives to no text field: the password field would go deaf. Taken back; the other window could not
     * have the keys anyway while this process holds them. Call on the FX thread.
     */
    void refocus(Stage stage) {
        long window = nativeWindow(stage);
        if (window != 0 && heldOn == window) {
            keepFocus(Gdk.INSTANCE.gdk_x11_get_default_xdisplay(), window);
        }
    }

    /** The grab ended (its window unmapped): the next {@link #hold} grabs again. */
    void forget() {
        heldOn = 0;
    }

    /** The X window holding the grab, 0 when none. */
    long window() {
        return heldOn;
    }

    /** Lets go of the keyboard; harmless when this process does not hold it (X ignores the request then). */
    void release() {
        Pointer display = Gdk.INSTANCE.gdk_x11_get_default_xdisplay();
        Xlib.INSTANCE.XUngrabKeyboard(display, CURRENT_TIME);
        Xlib.INSTANCE.XFlush(display);
        heldOn = 0;
    }

    /** The X window of a shown stage, through JavaFX's GTK glass layer (the overlay runs on the class path). */
    private static long nativeWindow(Stage stage) {
        if (!stage.isShowing()) {
            return 0;
        }
        for (com.sun.glass.ui.Window w : com.sun.glass.ui.Window.getWindows()) {
            if (w.getX() == (int) stage.getX() && w.getY() == (int) stage.getY() && w.getWidth() == (int) stage.getWidth()
                    && w.getHeight() == (int) stage.getHeight() && w.isVisible()) {
                return w.getNativeWindow();
            }
        }
        return 0;
    }
}
