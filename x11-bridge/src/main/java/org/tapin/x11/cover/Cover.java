package org.tapin.x11.cover;

import com.sun.jna.Memory;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.tapin.x11.screen.Monitor;
import org.tapin.x11.screen.Monitors;
import org.tapin.x11.window.WindowReader;
import org.tapin.x11.xlib.LibC;
import org.tapin.x11.xlib.XConnection;
import org.tapin.x11.xlib.XException;
import org.tapin.x11.xlib.XStructs;
import org.tapin.x11.xlib.Xlib;

/**
 * The fail-closed cover: a black, override-redirect window over the whole root, created on a connection of
 * its own with {@code XSetCloseDownMode(RetainPermanent)}, so it stays on the screen when the agent dies,
 * however it dies. Its id is published on the root ({@code _TAPIN_COVER}) and it carries a mark of its own
 * ({@code _TAPIN_COVER_MARK}): a restarted agent finds it, checks the mark (window ids are reused) and adopts
 * it, destroying nothing else. It follows the root's size when monitors change (XRandR).
 *
 * <p>All X calls run on the cover's own thread; {@link #engage()} and {@link #release()} return once the
 * server has done them.
 */
public final class Cover implements AutoCloseable {

    private static final LazyLogger LOG = new LazyLogger("Agent.Cover");
    public static final String ROOT_PROPERTY = "_TAPIN_COVER";
    private static final long TIMEOUT_SECONDS = 5;

    private final String displayName;
    private final BlockingQueue<Runnable> calls = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final CompletableFuture<Void> connected = new CompletableFuture<>();
    private volatile boolean running = true;
    private XConnection x;
    private Enforcer enforcer;
    private long window;
    private boolean adopted;
    private boolean engaged;
    /** While locked the keyboard belongs to the cover, except while the pointer is over an allowed window. */
    private boolean pointerOnCover = true;
    private boolean keyboardHeld;
    /** The lock screen's own process holds the keyboard (it asked): the cover does not take it back meanwhile. */
    private boolean yieldedToOverlay;
    private boolean grabFailureLogged;
    private long lastBackstopNanos;
    private int[] randrEvents = new int[0];
    /** Written by other threads to wake the cover's poll at once; the thread otherwise sleeps until X speaks. */
    private volatile int wakeFd = -1;
    private final Object wakeLock = new Object();
    private List<Monitor> monitors = List.of();
    private Consumer<List<Monitor>> monitorListener;
    /** The backstop pass while locked, in case an event was missed (events are the real trigger). */
    static final long BACKSTOP_NANOS = 250_000_000L;
    /**
     * Once nothing has happened on the screen for {@link #QUIET_AFTER_NANOS} (no X event, no call), the backstop
     * runs this often instead: a locked terminal left alone would otherwise query the window tree eight times a
     * second for nothing. Any event brings the fast pace back at once; a keyboard grab still to be retried keeps it.
     */
    static final long QUIET_BACKSTOP_NANOS = 2_000_000_000L;
    static final long QUIET_AFTER_NANOS = 5_000_000_000L;
    private long lastActivityNanos;

    public Cover(String displayName) {
        this.displayName = displayName;
        this.thread = new Thread(this::run, "cover");
        this.thread.setDaemon(true);
    }

    public Cover start() {
        thread.start();
        await(connected);
        return this;
    }

    /** Cover up and on top; adopts a predecessor's cover if one is on the screen. Returns the cover's id. */
    public long engage() {
        return call(() -> {
            boolean created = false;
            if (window == Xlib.NONE) {
                Optional<Long> predecessor = findPredecessor();
                created = predecessor.isEmpty();
                window = predecessor.orElseGet(this::create);
            }
            Xlib.INSTANCE.XMoveResizeWindow(x.display(), window, 0, 0, x.screenWidth(), x.screenHeight());
            Xlib.INSTANCE.XMapRaised(x.display(), window);
            x.sync();
            engaged = true;
            x.selectInput(window, Xlib.ENTER_WINDOW_MASK | Xlib.LEAVE_WINDOW_MASK);
            pointerOnCover = true;
            yieldedToOverlay = false;
            takeKeyboard();
            enforcer.forget(Xlib.NONE);
            enforcer.enforce(window);
            enforcer.settle(window);
            x.sync();
            if (created) {
                // Only now: the first line starts the logging system, which must not hold the cover back.
                LOG.get().info("cover 0x{} created", Long.toHexString(window));
            }
            return window;
        });
    }

    /** Which windows may show above the cover; applied at once while locked. */
    public void policy(org.tapin.x11.window.WindowPolicy policy) {
        call(() -> {
            enforcer.policy(policy);
            enforcer.forget(Xlib.NONE);
            if (engaged) {
                enforcer.enforce(window);
                enforcer.settle(window);
                x.flush();
            }
            return null;
        });
    }

    /** Puts the cover back on top (the enforcer calls this after a window rose above it). */
    public void raise() {
        call(() -> {
            if (window != Xlib.NONE) {
                Xlib.INSTANCE.XRaiseWindow(x.display(), window);
                x.flush();
            }
            return null;
        });
    }

    /**
     * Lets the lock screen's process have the keyboard: the cover ungrabs and does not take it back until
     * {@link #reclaimKeyboard()} or the next {@link #engage()}. Keys then go to whoever grabs next, which is the
     * lock screen, told at once.
     */
    public void yieldKeyboard() {
        call(() -> {
            yieldedToOverlay = true;
            if (keyboardHeld) {
                giveKeyboardBack();
                x.flush();
            }
            return null;
        });
    }

    /** The lock screen's process is gone: the cover holds the keyboard again while locked. */
    public void reclaimKeyboard() {
        call(() -> {
            yieldedToOverlay = false;
            if (engaged && pointerOnCover) {
                takeKeyboard();
                x.flush();
            }
            return null;
        });
    }

    /** Cover down: the desktop shows. The window is kept (unmapped) so the next lock is instant. */
    public void release() {
        call(() -> {
            engaged = false;
            giveKeyboardBack();
            enforcer.putBackLifted();
            if (window != Xlib.NONE) {
                Xlib.INSTANCE.XUnmapWindow(x.display(), window);
                x.sync();
            }
            return null;
        });
    }

    /**
     * Removes the cover for good (the agent exits as the policy allows). A predecessor's cover is removed with
     * XKillClient, which frees only what that dead client retained: the cover and nothing else.
     */
    public void dispose() {
        call(() -> {
            if (window == Xlib.NONE) {
                window = findPredecessor().orElse(Xlib.NONE);
            }
            if (window != Xlib.NONE) {
                long cover = window;
                x.trapSync(() -> {
                    if (adopted) {
                        Xlib.INSTANCE.XKillClient(x.display(), cover);
                    } else {
                        Xlib.INSTANCE.XDestroyWindow(x.display(), cover);
                    }
                });
                Xlib.INSTANCE.XDeleteProperty(x.display(), x.root(), x.atom(ROOT_PROPERTY));
                x.sync();
                window = Xlib.NONE;
                adopted = false;
            }
            return null;
        });
    }

    /** True when this cover was found on the screen, left by an agent that died, rather than created. */
    public boolean adopted() {
        return adopted;
    }

    public long window() {
        return window;
    }

    /**
     * Stops the cover's thread and closes its connection; a mapped cover stays on the screen (retained). Returns
     * once the connection is closed: a successor that adopts the retained cover removes it with XKillClient, and
     * doing so while this connection is still open would kill the connection, and with it this process (Xlib's
     * fatal I/O error handler exits).
     */
    @Override
    public void close() {
        running = false;
        thread.interrupt();
        wake();
        if (Thread.currentThread() != thread) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Wakes the cover's thread from poll(): a call is queued, or it must stop. */
    private void wake() {
        synchronized (wakeLock) { // never a write to a closed descriptor whose number was reused
            if (wakeFd >= 0) {
                Memory one = new Memory(8);
                one.setLong(0, 1);
                LibC.INSTANCE.write(wakeFd, one, 8);
            }
        }
    }

    /** True while the cover holds the keyboard: no keystroke reaches a window behind it. */
    public boolean keyboardHeld() {
        return call(() -> keyboardHeld);
    }

    private void takeKeyboard() {
        Xlib X = Xlib.INSTANCE;
        x.trap(() -> X.XSetInputFocus(x.display(), window, Xlib.REVERT_TO_POINTER_ROOT, Xlib.CURRENT_TIME));
        int status = X.XGrabKeyboard(x.display(), window, 0, Xlib.GRAB_MODE_ASYNC, Xlib.GRAB_MODE_ASYNC, Xlib.CURRENT_TIME);
        keyboardHeld = status == Xlib.GRAB_SUCCESS;
        if (keyboardHeld) {
            if (grabFailureLogged) {
                LOG.get().warn("keyboard taken after all: keystrokes reach only the lock screen and allowed windows");
            }
            grabFailureLogged = false;
        } else if (!grabFailureLogged) {
            // The lock stays up either way; focus is on the cover, and the grab is retried until it succeeds.
            LOG.get().error("cannot take the keyboard (grab status {}): another client holds it; retrying", status);
            grabFailureLogged = true;
        }
    }

    private void giveKeyboardBack() {
        Xlib X = Xlib.INSTANCE;
        X.XUngrabKeyboard(x.display(), Xlib.CURRENT_TIME);
        // Focus follows the pointer: onto the allowed window pointed at, or the desktop after unlock.
        x.trap(() -> X.XSetInputFocus(x.display(), Xlib.POINTER_ROOT, Xlib.REVERT_TO_POINTER_ROOT, Xlib.CURRENT_TIME));
        keyboardHeld = false;
    }

    private Optional<Long> findPredecessor() {
        long atom = x.atom(ROOT_PROPERTY);
        Optional<Long> published = x.property(x.root(), atom, Xlib.XA_WINDOW)
                .filter(p -> p.longs() != null && p.longs().length == 1).map(p -> p.longs()[0]);
        if (published.isEmpty()) {
            return Optional.empty();
        }
        long candidate = published.get();
        // The id may have been reused by another client's window since: only a marked window is ours.
        if (x.attributes(candidate).isPresent() && new WindowReader(x).isCover(candidate)) {
            LOG.get().warn("adopting the cover 0x{} left on the screen by a previous agent", Long.toHexString(candidate));
            adopted = true;
            return Optional.of(candidate);
        }
        return Optional.empty();
    }

    private long create() {
        Xlib X = Xlib.INSTANCE;
        // Only the cover is created on this connection, so RetainPermanent keeps nothing else alive.
        X.XSetCloseDownMode(x.display(), Xlib.RETAIN_PERMANENT);
        Memory attributes = new Memory(XStructs.SET_ATTRIBUTES_SIZE);
        attributes.clear();
        attributes.setLong(XStructs.SET_BACKGROUND_PIXEL, X.XBlackPixel(x.display(), X.XDefaultScreen(x.display())));
        attributes.setInt(XStructs.SET_OVERRIDE_REDIRECT, 1);
        long[] created = new long[1];
        int error = x.trapSync(() -> created[0] = X.XCreateWindow(x.display(), x.root(), 0, 0, x.screenWidth(),
                x.screenHeight(), 0, 0, Xlib.INPUT_OUTPUT, null, Xlib.CW_BACK_PIXEL | Xlib.CW_OVERRIDE_REDIRECT, attributes));
        if (error != 0 || created[0] == Xlib.NONE) {
            throw new XException("cannot create the cover window (X error " + error + ")");
        }
        x.changeProperty32(created[0], x.atom(WindowReader.COVER_MARK), Xlib.XA_CARDINAL, ProcessHandle.current().pid());
        x.changeProperty32(created[0], x.atom("_NET_WM_PID"), Xlib.XA_CARDINAL,
                ProcessHandle.current().pid());
        x.changeProperty32(x.root(), x.atom(ROOT_PROPERTY), Xlib.XA_WINDOW, created[0]);
        x.sync();
        return created[0];
    }

    /** The monitors as last read; {@code listener} hears every change after this call, on the cover's thread. */
    public List<Monitor> monitors(Consumer<List<Monitor>> listener) {
        return call(() -> {
            monitorListener = listener;
            return monitors;
        });
    }

    private boolean isRandr(int type) {
        for (int code : randrEvents) {
            if (type == code) {
                return true;
            }
        }
        return false;
    }

    private void rereadMonitors() {
        List<Monitor> now = Monitors.read(x);
        if (!now.equals(monitors)) {
            LOG.get().info("monitors changed: {}", now);
            monitors = now;
            if (monitorListener != null) {
                monitorListener.accept(now);
            }
        }
    }

    private void run() {
        try {
            wakeFd = LibC.INSTANCE.eventfd(0, LibC.EFD_NONBLOCK | LibC.EFD_CLOEXEC);
            if (wakeFd < 0) {
                throw new XException("cannot create the cover's wake-up descriptor");
            }
            x = XConnection.open(displayName);
            x.selectInput(x.root(), Xlib.STRUCTURE_NOTIFY_MASK | Xlib.SUBSTRUCTURE_NOTIFY_MASK);
            randrEvents = Monitors.selectChanges(x);
            monitors = Monitors.read(x);
            enforcer = new Enforcer(x);
            connected.complete(null);
        } catch (RuntimeException e) {
            synchronized (wakeLock) {
                if (wakeFd >= 0) {
                    LibC.INSTANCE.close(wakeFd);
                    wakeFd = -1;
                }
            }
            connected.completeExceptionally(e);
            return;
        }
        Memory event = new Memory(XStructs.EVENT_SIZE);
        Memory pollFds = new Memory(16);
        Memory drain = new Memory(8);
        pollFds.setInt(0, Xlib.INSTANCE.XConnectionNumber(x.display()));
        pollFds.setShort(4, LibC.POLLIN);
        pollFds.setInt(8, wakeFd);
        pollFds.setShort(12, LibC.POLLIN);
        try {
            while (running) {
                if (Xlib.INSTANCE.XPending(x.display()) == 0 && calls.isEmpty()) {
                    // Sleep until the X socket or another thread speaks; while locked, no longer than the next
                    // backstop pass. No busy wake-ups: an idle locked screen must cost nothing.
                    long untilBackstop = backstopNanos() - (System.nanoTime() - lastBackstopNanos);
                    int timeout = engaged ? (int) Math.max(1, untilBackstop / 1_000_000) : -1;
                    LibC.INSTANCE.poll(pollFds, 2, timeout);
                    LibC.INSTANCE.read(wakeFd, drain, 8); // non-blocking: resets the counter if it was written
                }
                for (Runnable next; (next = calls.poll()) != null; ) {
                    next.run();
                    lastActivityNanos = System.nanoTime();
                }
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                boolean stackChanged = false;
                while (Xlib.INSTANCE.XPending(x.display()) > 0) {
                    Xlib.INSTANCE.XNextEvent(x.display(), event);
                    lastActivityNanos = System.nanoTime();
                    int type = event.getInt(XStructs.EVENT_TYPE);
                    long subject = event.getLong(XStructs.EVENT_WINDOW);
                    if (type == Xlib.CONFIGURE_NOTIFY && subject == x.root()) {
                        // Monitors added or resized: the root changed size, and no strip of it may stay uncovered.
                        if (window != Xlib.NONE) {
                            Xlib.INSTANCE.XMoveResizeWindow(x.display(), window, 0, 0, x.screenWidth(), x.screenHeight());
                            x.flush();
                        }
                        rereadMonitors();
                    } else if (isRandr(type)) {
                        rereadMonitors();
                    } else if (type == Xlib.MAP_NOTIFY) {
                        enforcer.mapped(subject);
                        stackChanged |= subject != window;
                    } else if (type == Xlib.CONFIGURE_NOTIFY) {
                        enforcer.moved(subject);
                        stackChanged |= subject != window;
                    } else if (type == Xlib.UNMAP_NOTIFY) {
                        enforcer.unmapped(subject);
                    } else if (type == Xlib.DESTROY_NOTIFY) {
                        enforcer.forget(subject);
                    } else if ((type == Xlib.ENTER_NOTIFY || type == Xlib.LEAVE_NOTIFY)
                            && event.getLong(XStructs.CROSSING_WINDOW) == window
                            && event.getInt(Xlib.CROSSING_MODE_OFFSET) == 0) {
                        // Only allowed windows are above the cover: leaving it means pointing at one of them.
                        pointerOnCover = type == Xlib.ENTER_NOTIFY;
                        if (engaged && pointerOnCover && !yieldedToOverlay) {
                            takeKeyboard();
                        } else if (engaged && !pointerOnCover) {
                            giveKeyboardBack();
                        }
                    } else if (type == Xlib.PROPERTY_NOTIFY) {
                        enforcer.propertyChanged(event.getLong(XStructs.PROPERTY_WINDOW),
                                event.getLong(XStructs.PROPERTY_ATOM));
                        stackChanged = true;
                    }
                }
                long now = System.nanoTime();
                if (engaged && (stackChanged || now - lastBackstopNanos > backstopNanos())) {
                    lastBackstopNanos = now;
                    if (pointerOnCover && !keyboardHeld && !yieldedToOverlay) {
                        takeKeyboard(); // another client held it: retried until it lets go
                    }
                    if (enforcer.enforce(window)) {
                        x.flush();
                    }
                    if (enforcer.settle(window)) {
                        x.flush();
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            x.close();
            synchronized (wakeLock) {
                LibC.INSTANCE.close(wakeFd);
                wakeFd = -1;
            }
        }
    }

    private long backstopNanos() {
        boolean keyboardOwed = pointerOnCover && !keyboardHeld && !yieldedToOverlay;
        return keyboardOwed || System.nanoTime() - lastActivityNanos < QUIET_AFTER_NANOS ? BACKSTOP_NANOS
                : QUIET_BACKSTOP_NANOS;
    }

    private <T> T call(Supplier<T> action) {
        CompletableFuture<T> result = new CompletableFuture<>();
        calls.add(() -> {
            try {
                result.complete(action.get());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        wake();
        return await(result);
    }

    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new XException(e.getCause().toString());
        } catch (TimeoutException e) {
            throw new XException("the X server did not answer within " + TIMEOUT_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new XException("interrupted");
        }
    }
}
