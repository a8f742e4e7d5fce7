package org.tapin.agent.appliance.client;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;

/** Exponential backoff with jitter for background loops: 1 s, 2 s, 4 s ... up to a cap; reset after a success. */
final class Backoff {
    private final long firstMillis;
    private final long capMillis;
    private long next;

    Backoff(Duration first, Duration cap) {
        this.firstMillis = first.toMillis();
        this.capMillis = cap.toMillis();
        this.next = firstMillis;
    }

    /** The pause before the next try: the current step, plus up to a quarter more so endpoints do not move in step. */
    long nextMillis() {
        long pause = next + ThreadLocalRandom.current().nextLong(next / 4 + 1);
        next = Math.min(capMillis, next * 2);
        return Math.min(pause, capMillis);
    }

    /**
     * Logs why a background loop failed and sleeps the next pause; false when interrupted (the loop is closing).
     */
    boolean pauseAfter(Logger log, String why) {
        long millis = nextMillis();
        log.warn("{}; next try in {} ms", why, millis);
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    void reset() {
        next = firstMillis;
    }
}
