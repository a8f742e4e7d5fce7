package org.tapin.x11.window;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.tapin.x11.xlib.XConnection;
import org.tapin.x11.xlib.Xlib;

/**
 * Ends a user's desktop session on a shared display: at tap over, the applications the previous clinician left
 * open must be gone before the next one sees the screen. There is no per-user X session to disconnect on a thin
 * client's local desktop, so the session is its application windows, and each one's client is disconnected with
 * {@code XKillClient} (what the X server does when an application's connection drops; no "save changes?" dialog
 * can come up and show the previous user's data).
 *
 * <p>Kept: windows the {@code keep} policy allows (the lock-screen access list and the lock screen's own
 * windows), the cover, and the desktop's furniture by EWMH window type: the desktop, docks and panels, and
 * notification bubbles (the notification daemon serves every user). Everything else goes, mapped or not: a
 * minimised window or one on another virtual desktop is part of the session too.
 */
public final class SessionWindows {

    /** What was closed: each window's WM_CLASS (never its title: a title can name a patient). */
    public record Closed(List<String> classes, boolean allGone) {}

    private static final Set<String> FURNITURE = Set.of("_NET_WM_WINDOW_TYPE_DESKTOP", "_NET_WM_WINDOW_TYPE_DOCK",
            "_NET_WM_WINDOW_TYPE_NOTIFICATION");

    private SessionWindows() {}

    /** Disconnects the clients of every application window {@code keep} does not allow; waits up to {@code wait}. */
    public static Closed closeApplications(String display, WindowPolicy keep, Duration wait) {
        try (XConnection x = XConnection.open(display)) {
            WindowReader reader = new WindowReader(x);
            Set<Long> clients = new LinkedHashSet<>();
            List<String> classes = new ArrayList<>();
            for (TopLevelWindow w : applications(x, reader)) {
                if (!keep.allows(w) && clients.add(w.id())) {
                    classes.add(w.wmClass().isEmpty() ? "(no WM_CLASS)" : w.wmClass());
                    x.trap(() -> Xlib.INSTANCE.XKillClient(x.display(), w.id()));
                }
            }
            x.sync();
            long deadline = System.nanoTime() + wait.toNanos();
            boolean gone = clients.isEmpty();
            while (!gone && System.nanoTime() < deadline) {
                gone = applications(x, reader).stream().noneMatch(w -> clients.contains(w.id()));
                if (!gone) {
                    sleep();
                }
            }
            return new Closed(classes, gone);
        }
    }

    /** Every client window a user could see or bring back: managed ones (WM_STATE, even iconic) and viewable ones. */
    static List<TopLevelWindow> applications(XConnection x, WindowReader reader) {
        List<TopLevelWindow> found = new ArrayList<>();
        for (long frame : x.children(x.root())) {
            Optional<XConnection.WindowAttributes> attrs = x.attributes(frame);
            if (attrs.isEmpty() || reader.isCover(frame)) {
                continue;
            }
            boolean override = attrs.get().overrideRedirect();
            long client = override ? frame : reader.clientOf(frame);
            boolean managed = x.property(client, x.atom("WM_STATE"), Xlib.ANY_PROPERTY_TYPE).isPresent();
            // Unmanaged and unmapped or off the screen: a window manager's or toolkit's helper (openbox keeps a
            // 1x1 window at -100,-100; closing its client would close the window manager). A viewable one on the
            // screen counts: a menu goes with its client anyway, and a borderless full-screen one could show anything.
            if (!(managed || attrs.get().viewable() && onScreen(x, attrs.get())) || furniture(x, client)) {
                continue;
            }
            found.add(reader.describe(client, frame, attrs.get()));
        }
        return found;
    }

    private static boolean onScreen(XConnection x, XConnection.WindowAttributes w) {
        return w.x() + w.width() > 0 && w.y() + w.height() > 0 && w.x() < x.screenWidth() && w.y() < x.screenHeight();
    }

    private static boolean furniture(XConnection x, long client) {
        return x.property(client, x.atom("_NET_WM_WINDOW_TYPE"), Xlib.XA_ATOM)
                .filter(p -> p.longs() != null)
                .map(p -> {
                    for (long atom : p.longs()) {
                        if (x.atomName(atom).filter(FURNITURE::contains).isPresent()) {
                            return true;
                        }
                    }
                    return false;
                })
                .orElse(false);
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
