package org.tapin.x11.window;

import com.sun.jna.Memory;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tapin.x11.xlib.XConnection;
import org.tapin.x11.xlib.XStructs;
import org.tapin.x11.xlib.Xlib;

/**
 * Watches the root window on a Display connection and a thread of its own, and reports top-level windows as
 * they appear, rename themselves, restack and go. With a reparenting window manager the frame is mapped on
 * the root and the client found inside it through WM_STATE; override-redirect windows are their own
 * top-level. The table of known windows holds viewable windows only, so a client that creates thousands of
 * windows cannot grow it beyond what is on screen.
 */
public final class WindowMonitor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("Agent.WindowMonitor");

    private final String displayName;
    private final Consumer<WindowEvent> listener;
    private final Thread thread;
    private volatile boolean running = true;

    public WindowMonitor(String displayName, Consumer<WindowEvent> listener) {
        this.displayName = displayName;
        this.listener = listener;
        this.thread = new Thread(this::run, "window-monitor");
        this.thread.setDaemon(true);
    }

    /** Opens the connection on the monitor's thread and returns once it watches (existing windows reported first). */
    public WindowMonitor start() throws InterruptedException {
        thread.start();
        synchronized (this) {
            while (!ready && failure == null) {
                wait(10_000);
            }
        }
        if (failure != null) {
            throw failure;
        }
        return this;
    }

    private boolean ready;
    private RuntimeException failure;

    private void run() {
        XConnection x;
        try {
            x = XConnection.open(displayName);
        } catch (RuntimeException e) {
            synchronized (this) {
                failure = e;
                notifyAll();
            }
            return;
        }
        try (x) {
            WindowReader reader = new WindowReader(x);
            Map<Long, TopLevelWindow> byFrame = new HashMap<>();
            Map<Long, Long> frameOfClient = new HashMap<>();
            x.selectInput(x.root(), Xlib.SUBSTRUCTURE_NOTIFY_MASK);
            for (long frame : x.children(x.root())) {
                mapped(x, reader, frame, byFrame, frameOfClient);
            }
            synchronized (this) {
                ready = true;
                notifyAll();
            }
            Memory event = new Memory(XStructs.EVENT_SIZE);
            while (running) {
                Xlib.INSTANCE.XNextEvent(x.display(), event);
                handle(x, reader, event, byFrame, frameOfClient);
            }
        } catch (RuntimeException e) {
            LOG.error("window monitor stopped: {}", e.toString());
        }
    }

    private void handle(XConnection x, WindowReader reader, Memory event, Map<Long, TopLevelWindow> byFrame,
            Map<Long, Long> frameOfClient) {
        int type = event.getInt(XStructs.EVENT_TYPE);
        long window = event.getLong(XStructs.EVENT_WINDOW);
        switch (type) {
            case Xlib.MAP_NOTIFY -> {
                if (x.parent(window) == x.root()) {
                    mapped(x, reader, window, byFrame, frameOfClient);
                }
            }
            case Xlib.CREATE_NOTIFY -> {
                if (!reader.isCover(window)) {
                    listener.accept(new WindowEvent.Created(window, event.getInt(XStructs.CREATE_OVERRIDE_REDIRECT) != 0));
                }
            }
            case Xlib.UNMAP_NOTIFY, Xlib.DESTROY_NOTIFY -> {
                TopLevelWindow gone = byFrame.remove(window);
                if (gone != null) {
                    frameOfClient.remove(gone.id());
                    listener.accept(new WindowEvent.Gone(window));
                }
            }
            case Xlib.CONFIGURE_NOTIFY -> {
                if (byFrame.containsKey(window)) {
                    listener.accept(new WindowEvent.Restacked(window));
                }
            }
            case Xlib.PROPERTY_NOTIFY -> {
                long client = event.getLong(XStructs.PROPERTY_WINDOW);
                long atom = event.getLong(XStructs.PROPERTY_ATOM);
                Long frame = frameOfClient.get(client);
                if (frame != null && isIdentity(x, atom)) {
                    x.attributes(frame).ifPresent(attrs -> {
                        TopLevelWindow renamed = reader.describe(client, frame, attrs);
                        byFrame.put(frame, renamed);
                        listener.accept(new WindowEvent.Renamed(renamed));
                    });
                }
            }
            default -> {
                // ReparentNotify and the rest: a window is judged when it is mapped
            }
        }
    }

    private void mapped(XConnection x, WindowReader reader, long frame, Map<Long, TopLevelWindow> byFrame,
            Map<Long, Long> frameOfClient) {
        if (reader.isCover(frame)) {
            return;
        }
        reader.read(frame).ifPresent(window -> {
            byFrame.put(frame, window);
            frameOfClient.put(window.id(), frame);
            x.selectInput(window.id(), Xlib.PROPERTY_CHANGE_MASK);
            listener.accept(new WindowEvent.Mapped(window));
        });
    }

    private static boolean isIdentity(XConnection x, long atom) {
        return atom == Xlib.XA_WM_NAME || atom == x.atom("_NET_WM_NAME") || atom == x.atom("WM_CLASS");
    }

    /** Stops after the next X event (the thread is a daemon; the JVM does not wait for it). */
    @Override
    public void close() {
        running = false;
    }
}
