package org.tapin.x11.cover;

import com.sun.jna.Memory;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tapin.x11.window.TopLevelWindow;
import org.tapin.x11.window.WindowPolicy;
import org.tapin.x11.window.WindowReader;
import org.tapin.x11.xlib.XConnection;
import org.tapin.x11.xlib.Xlib;

/**
 * Keeps the stacking order [allowed windows] above [cover] above [everything else] while locked, on the
 * cover's own connection and thread, so it acts on each map or restack event without a thread hop.
 *
 * <p>It moves only the cover: the cover is override-redirect, so restacking it is never redirected to the
 * window manager and always takes effect. The cover goes directly above the topmost window the policy denies;
 * allowed windows above that stay visible. An allowed window that ends up below the cover stays hidden
 * (safe) and is raised (again each time it is buried, at most five times a second): directly (enough without a window manager, and for override-redirect windows)
 * and by asking the window manager to activate it ({@code _NET_ACTIVE_WINDOW}). Verdicts are cached per frame and dropped when a
 * client renames itself.
 *
 * <p>The lock screen's own windows (the policy says which) are allowed and sit above the cover, in the window
 * manager's above layer. A list-allowed window found beneath one of them is lifted above it (see
 * {@link #liftAboveLockScreen}), so the order is [allowed] above [lock screen] above [cover] above [the rest].
 */
final class Enforcer {

    /** How long a new window may stay unjudged while events keep coming; see {@link #settle}. */
    static final long JUDGE_ANYWAY_AFTER_NANOS = 50_000_000L;
    private final java.util.Map<Long, Long> unjudgedSince = new java.util.HashMap<>();

    private static final LazyLogger LOG = new LazyLogger("Agent.Enforcer");

    private final XConnection x;
    private final WindowReader reader;
    private volatile WindowPolicy policy = WindowPolicy.NOTHING;
    private final Map<Long, Boolean> verdicts = new HashMap<>();
    /** When each allowed window was last lifted; a window buried again is lifted again, at most this often. */
    private final Map<Long, Long> lastLift = new HashMap<>();
    private static final long LIFT_INTERVAL_NANOS = 200_000_000L;
    private final Map<Long, Long> frameOfClient = new HashMap<>();
    private final Set<Long> invisible = new HashSet<>();
    /**
     * Of the invisible ones, those unmapped: restacking them (window managers restack their hidden helper
     * windows on every focus change) shows nothing, so only a map makes them worth judging again. Forgetting
     * them on every restack made them count as denied until judged, and the cover rose above allowed windows.
     */
    private final Set<Long> unmapped = new HashSet<>();
    /** The lock screen's own windows, by frame: list-allowed windows belong above them. */
    private final Set<Long> lockScreen = new HashSet<>();
    /** Clients put into the window manager's above layer by this enforcer (frame to client), put back at unlock. */
    private final Map<Long, Long> madeAbove = new HashMap<>();
    private Set<Long> identityAtoms;
    private final Memory changes = new Memory(40);
    private final Memory message = new Memory(192);

    Enforcer(XConnection x) {
        this.x = x;
        this.reader = new WindowReader(x);
    }

    private Set<Long> identityAtoms() {
        if (identityAtoms == null) {
            identityAtoms = Set.of(Xlib.XA_WM_NAME, Xlib.XA_WM_CLASS, x.atom("_NET_WM_NAME"), x.atom("_NET_WM_PID"));
        }
        return identityAtoms;
    }

    void policy(WindowPolicy newPolicy) {
        policy = newPolicy;
    }

    /** A window moved or restacked: if it was off the screen, it may be on it now. Its identity verdict stays. */
    void moved(long frame) {
        if (!unmapped.contains(frame) && invisible.remove(frame)) {
            verdicts.remove(frame);
        }
    }

    /** A window unmapped: it shows nothing until it maps again, whatever it is. */
    void unmapped(long frame) {
        verdicts.put(frame, Boolean.TRUE);
        invisible.add(frame);
        unmapped.add(frame);
        lastLift.remove(frame);
    }

    /** A window mapped: if it showed nothing before, it may now. */
    void mapped(long frame) {
        unmapped.remove(frame);
        if (invisible.remove(frame)) {
            verdicts.remove(frame);
        }
    }

    /** A policy change or a rename: judge again. */
    void forget(long window) {
        if (window == Xlib.NONE) {
            verdicts.clear();
            lastLift.clear();
            frameOfClient.clear();
            invisible.clear();
            unmapped.clear();
            unjudgedSince.clear();
            lockScreen.clear();
        } else {
            lockScreen.remove(window);
            verdicts.remove(window);
            lastLift.remove(window);
            invisible.remove(window);
            unmapped.remove(window);
            unjudgedSince.remove(window);
        }
    }

    /**
     * A client changed a property: if it is one the access list looks at (name, class, pid), its verdict is
     * dropped. Others change all the time (GTK sets _NET_WM_USER_TIME on every key press) and must not make
     * an allowed window count as unjudged, or the cover would jump above the lock screen at each keystroke.
     */
    void propertyChanged(long client, long atom) {
        if (!identityAtoms().contains(atom)) {
            return;
        }
        Long frame = frameOfClient.get(client);
        if (frame != null) {
            forget(frame);
        }
    }

    /**
     * Places the cover from what is known, counting every window not judged yet as denied: one request, no
     * policy work, so a new window is covered within one event. Returns true if the cover moved.
     */
    boolean enforce(long cover) {
        return place(cover);
    }

    /**
     * Judges windows not judged yet: one, then more only while no X event waits (a judgement reads a dozen
     * properties; events must not queue behind it), then places the cover again and lifts allowed windows
     * that sit below a denied one. Returns true if the cover moved.
     */
    boolean settle(long cover) {
        WindowPolicy current = policy;
        boolean judged = false;
        long now = System.nanoTime();
        for (long frame : x.children(x.root())) {
            boolean eventsWait = Xlib.INSTANCE.XPending(x.display()) > 0;
            if (eventsWait && judged) {
                break;
            }
            if (frame != cover && !verdicts.containsKey(frame)) {
                // While events wait they come first (the next one may put a window above the cover, and a
                // judgement's round trips would hold it back), unless this window has waited too long already:
                // a client that keeps the queue busy (a menu animating) cannot keep its own window unjudged, and
                // the cover above everything, for long. Unjudged, it counts as denied meanwhile.
                long since = unjudgedSince.computeIfAbsent(frame, f -> now);
                if (eventsWait && now - since < JUDGE_ANYWAY_AFTER_NANOS) {
                    continue;
                }
                unjudgedSince.remove(frame);
                allowed(frame, current);
                judged = true;
            }
        }
        return judged && place(cover);
    }

    private boolean place(long cover) {
        List<Long> stack = x.children(x.root());
        int coverAt = stack.indexOf(cover);
        if (coverAt < 0) {
            return false;
        }
        long topmostDenied = Xlib.NONE;
        int deniedAt = -1;
        for (int i = stack.size() - 1; i >= 0 && deniedAt < 0; i--) {
            long frame = stack.get(i);
            if (frame == cover) {
                continue;
            }
            Boolean known = verdicts.get(frame);
            boolean denied = known == null || !known;
            if (denied) {
                topmostDenied = frame;
                deniedAt = i;
            }
        }
        boolean moved = false;
        // The cover's place is directly above the topmost denied window (or at the bottom when none): higher
        // would hide allowed windows, lower would show a denied one.
        int target = deniedAt < 0 ? 0 : (deniedAt < coverAt ? deniedAt + 1 : deniedAt);
        if (target != coverAt) {
            changes.clear();
            int mask = Xlib.CW_STACK_MODE;
            if (deniedAt >= 0) {
                changes.setLong(24, topmostDenied);
                changes.setInt(32, Xlib.STACK_ABOVE);
                mask |= Xlib.CW_SIBLING;
            } else {
                changes.setInt(32, Xlib.STACK_BELOW);
            }
            int changeMask = mask;
            Xlib.INSTANCE.XConfigureWindow(x.display(), cover, changeMask, changes);
            moved = true;
            if (LOG.get().isDebugEnabled()) {
                LOG.get().debug("cover placed {}", deniedAt < 0 ? "at the bottom: nothing to hide"
                        : "above 0x" + Long.toHexString(topmostDenied) + (verdicts.get(topmostDenied) == null ? " (not judged yet)" : " (denied)"));
            }
        }
        boolean buried = false;
        for (int i = 0; i < deniedAt; i++) {
            long frame = stack.get(i);
            if (frame != cover && Boolean.TRUE.equals(verdicts.get(frame)) && !invisible.contains(frame)) {
                buried |= raiseAllowed(frame); // below a denied window (again, perhaps): lift it
            }
        }
        int lockAt = -1;
        for (int i = stack.size() - 1; i > deniedAt && lockAt < 0; i--) {
            lockAt = lockScreen.contains(stack.get(i)) && !invisible.contains(stack.get(i)) ? i : -1;
        }
        for (int i = Math.max(deniedAt + 1, 0); i < lockAt; i++) {
            long frame = stack.get(i);
            if (frame != cover && !lockScreen.contains(frame) && Boolean.TRUE.equals(verdicts.get(frame))
                    && !invisible.contains(frame)) {
                liftAboveLockScreen(frame, stack.get(lockAt)); // allowed, but under the lock screen: nobody would see it
            }
        }
        if (buried && verdicts.get(topmostDenied) != null) {
            // A window manager may keep a focused window above one it maps without focus (openbox does), and
            // then refuse to lift the allowed one. Sending the denied one to the bottom frees it either way.
            lowerDenied(topmostDenied);
        }
        return moved;
    }

    private boolean allowed(long frame, WindowPolicy current) {
        Boolean cached = verdicts.get(frame);
        if (cached != null) {
            return cached;
        }
        java.util.Optional<TopLevelWindow> window = reader.read(frame);
        if (window.isEmpty() || offScreen(window.get())) {
            // Shows nothing (unmapped, or placed off the screen); forgotten when it maps or moves.
            verdicts.put(frame, Boolean.TRUE);
            invisible.add(frame);
            if (window.isEmpty()) {
                unmapped.add(frame); // a MapNotify not handled yet comes after this read, and clears it
            }
            return true;
        }
        boolean verdict = current.allows(window.get());
        verdicts.put(frame, verdict);
        if (verdict && current.isLockScreen(window.get())) {
            lockScreen.add(frame);
        }
        Long lifted = verdict ? null : madeAbove.remove(frame);
        if (lifted != null) {
            // Lifted while allowed, denied now (a new policy, a rename): back under the lock screen, or the cover
            // would have to rise above the lock screen to hide it.
            changeState(lifted, 0 /* remove */, "_NET_WM_STATE_ABOVE");
        }
        frameOfClient.put(window.get().id(), frame);
        // A client that renames itself is judged again: an allowed title must not become a cover for another.
        x.selectInput(window.get().id(), Xlib.PROPERTY_CHANGE_MASK);
        return verdict;
    }

    private boolean offScreen(TopLevelWindow w) {
        return w.x() + w.width() <= 0 || w.y() + w.height() <= 0 || w.x() >= x.screenWidth() || w.y() >= x.screenHeight();
    }

    /** Returns true if it asked (false while a recent request is still given time). */
    private boolean raiseAllowed(long frame) {
        long now = System.nanoTime();
        Long last = lastLift.get(frame);
        if (last != null && now - last < LIFT_INTERVAL_NANOS) {
            return false; // asked recently: give the window manager time, and never spin against it
        }
        lastLift.put(frame, now);
        var attributes = x.attributes(frame);
        if (attributes.isEmpty()) {
            return false;
        }
        // Without a window manager this raises it; with one the request is redirected to the WM, which may
        // ignore it, so it is also asked the EWMH way below.
        x.trap(() -> Xlib.INSTANCE.XRaiseWindow(x.display(), frame));
        if (attributes.get().overrideRedirect()) {
            return true;
        }
        long client = reader.clientOf(frame);
        askWindowManager(client, "_NET_ACTIVE_WINDOW", 0, 0);
        LOG.get().debug("asked the window manager to raise allowed window 0x{}", Long.toHexString(client));
        return true;
    }

    /**
     * Lifts a list-allowed window above the lock screen's frame {@code lockFrame}: without a window manager (and
     * for override-redirect windows) a raise does it; a window manager keeps the lock screen in its above layer,
     * so the allowed window is put there too and restacked within it, without activating it (activation would
     * move the keyboard focus away from the password field). Only a state this enforcer added is taken off at
     * unlock.
     */
    private void liftAboveLockScreen(long frame, long lockFrame) {
        long now = System.nanoTime();
        Long last = lastLift.get(frame);
        if (last != null && now - last < LIFT_INTERVAL_NANOS) {
            return;
        }
        lastLift.put(frame, now);
        var attributes = x.attributes(frame);
        if (attributes.isEmpty()) {
            return;
        }
        x.trap(() -> Xlib.INSTANCE.XRaiseWindow(x.display(), frame));
        if (attributes.get().overrideRedirect()) {
            return;
        }
        long client = reader.clientOf(frame);
        if (!madeAbove.containsKey(frame) && !lists(client, "_NET_WM_STATE", "_NET_WM_STATE_ABOVE")) {
            changeState(client, 1 /* add */, "_NET_WM_STATE_ABOVE");
            madeAbove.put(frame, client);
        }
        restack(client, lockFrame, Xlib.STACK_ABOVE);
        LOG.get().debug("lifted allowed window 0x{} above the lock screen", Long.toHexString(client));
    }

    /**
     * Asks the window manager to restack a managed client above or below {@code sibling} ({@link Xlib#NONE}: the
     * top or bottom of its layer), as a pager would: EWMH {@code _NET_RESTACK_WINDOW} where the window manager
     * lists it, else the synthetic ConfigureRequest of ICCCM 4.1.5. xfwm4 (4.18) has no _NET_RESTACK_WINDOW and
     * ignores restacks of its frames by other clients, but honours the ConfigureRequest.
     */
    private void restack(long client, long sibling, int detail) {
        if (windowManagerSupports("_NET_RESTACK_WINDOW")) {
            askWindowManager(client, "_NET_RESTACK_WINDOW", sibling, detail);
            return;
        }
        message.clear();
        message.setInt(0, Xlib.CONFIGURE_REQUEST);
        message.setInt(16, 1); // send_event
        message.setPointer(24, x.display());
        message.setLong(32, x.root()); // parent
        message.setLong(40, client); // window
        message.setLong(72, sibling); // above
        message.setInt(80, detail);
        message.setLong(88, (sibling == Xlib.NONE ? 0 : Xlib.CW_SIBLING) | Xlib.CW_STACK_MODE); // value_mask
        x.trap(() -> Xlib.INSTANCE.XSendEvent(x.display(), x.root(), 0,
                Xlib.SUBSTRUCTURE_REDIRECT_MASK | Xlib.SUBSTRUCTURE_NOTIFY_MASK, message));
    }

    /** Asked each time, not cached: the window manager may be replaced while the agent runs. */
    private boolean windowManagerSupports(String atom) {
        return lists(x.root(), "_NET_SUPPORTED", atom);
    }

    /** Unlock: the windows lifted above the lock screen go back to the layer they were in. */
    void putBackLifted() {
        for (long client : madeAbove.values()) {
            changeState(client, 0 /* remove */, "_NET_WM_STATE_ABOVE");
            LOG.get().debug("allowed window 0x{} back in its own layer", Long.toHexString(client));
        }
        madeAbove.clear();
    }

    /** Whether the atom list {@code property} of {@code window} holds {@code atom}; false when it is unset. */
    private boolean lists(long window, String property, String atom) {
        long wanted = x.atom(atom);
        return x.property(window, x.atom(property), Xlib.XA_ATOM)
                .map(p -> p.longs() != null && java.util.Arrays.stream(p.longs()).anyMatch(a -> a == wanted)).orElse(false);
    }

    /** Restack to the bottom of its layer, for a managed denied window sitting on an allowed one. */
    private void lowerDenied(long frame) {
        var attributes = x.attributes(frame);
        if (attributes.isEmpty() || attributes.get().overrideRedirect()) {
            return; // an override-redirect window is not the window manager's to move; the cover covers it
        }
        long client = reader.clientOf(frame);
        restack(client, Xlib.NONE, Xlib.STACK_BELOW);
        LOG.get().debug("asked the window manager to lower denied window 0x{}", Long.toHexString(client));
    }

    /** _NET_WM_STATE: action first, the source (2, a pager) last. */
    private void changeState(long client, long action, String state) {
        send(client, "_NET_WM_STATE", action, x.atom(state), 0, 2);
    }

    /** A client message to the root as a pager sends it (source 2), which window managers obey. */
    private void askWindowManager(long client, String type, long data1, long data2) {
        send(client, type, 2, data1, data2, 0);
    }

    private void send(long client, String type, long l0, long l1, long l2, long l3) {
        message.clear();
        message.setInt(0, Xlib.CLIENT_MESSAGE);
        message.setInt(16, 1); // send_event
        message.setPointer(24, x.display());
        message.setLong(32, client);
        message.setLong(40, x.atom(type));
        message.setInt(48, 32); // format
        message.setLong(56, l0);
        message.setLong(64, l1);
        message.setLong(72, l2);
        message.setLong(80, l3);
        x.trap(() -> Xlib.INSTANCE.XSendEvent(x.display(), x.root(), 0,
                Xlib.SUBSTRUCTURE_REDIRECT_MASK | Xlib.SUBSTRUCTURE_NOTIFY_MASK, message));
    }
}
