package org.tapin.agent.daemon;

import java.time.Duration;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tapin.agent.session.SessionEvent;
import org.tapin.agent.session.SessionState;
import org.tapin.x11.idle.IdleClock;

/**
 * Reads the X server's idle time and hands it to the session machine, which decides hide, fade and lock.
 * Twice a second while someone is signed in; ten times a second during the fade, so it is smooth and any
 * activity cancels it within 100 ms; not at all while nobody is signed in (nothing to walk away from).
 */
final class IdleWatch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("Agent.Session");
    static final long SIGNED_IN_MILLIS = 500;
    static final long FADING_MILLIS = 100;
    static final long LOCKED_MILLIS = 1_000;

    private final IdleClock clock;
    private final Supplier<SessionState> state;
    private final Consumer<SessionEvent> events;
    private final Thread thread;
    private final BiConsumer<SessionState, Duration> everySecondAtLock;

    /**
     * @param everySecondAtLock told the state and input idle time each second while the lock is up (an X round
     *     trip each); null when nobody needs it
     */
    IdleWatch(String display, Supplier<SessionState> state, Consumer<SessionEvent> events,
            BiConsumer<SessionState, Duration> everySecondAtLock) {
        this.clock = new IdleClock(display);
        this.state = state;
        this.events = events;
        this.everySecondAtLock = everySecondAtLock;
        this.thread = new Thread(this::run, "idle");
        this.thread.setDaemon(true);
    }

    IdleWatch start() {
        thread.start();
        return this;
    }

    private void run() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                SessionState now = state.get();
                boolean signedIn = now instanceof SessionState.Unlocked || now instanceof SessionState.Hidden
                        || now instanceof SessionState.Fading;
                if (signedIn) {
                    Duration idle = clock.idle();
                    events.accept(new SessionEvent.IdleTime(idle));
                } else if (everySecondAtLock != null) {
                    everySecondAtLock.accept(now, now instanceof SessionState.Locked ? clock.idle() : null);
                }
                Thread.sleep(now instanceof SessionState.Fading ? FADING_MILLIS : signedIn ? SIGNED_IN_MILLIS : LOCKED_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("idle time unavailable: {}", e.getMessage());
            events.accept(new SessionEvent.XConnectionLost("idle clock: " + e.getMessage()));
        }
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
