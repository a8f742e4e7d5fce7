package org.tapin.agent.session;

import java.time.Duration;

/**
 * Walk-away timings, measured as keyboard-and-mouse idle time reported by the X server. Zero turns a stage
 * off. The screen hides at {@code hide}; it fades during the last {@code fade} before {@code lock}; it locks
 * at {@code lock}.
 */
public record WalkAway(Duration hide, Duration fade, Duration lock) {

    public static final WalkAway OFF = new WalkAway(Duration.ZERO, Duration.ZERO, Duration.ZERO);

    boolean hides(Duration idle) {
        return !hide.isZero() && idle.compareTo(hide) >= 0;
    }

    boolean locks(Duration idle) {
        return !lock.isZero() && idle.compareTo(lock) >= 0;
    }

    Duration fadeStart() {
        return lock.minus(fade);
    }

    boolean fades(Duration idle) {
        return !lock.isZero() && !fade.isZero() && idle.compareTo(fadeStart()) >= 0 && !locks(idle);
    }

    /** 0 at the start of the fade, 1 at the lock. */
    double fadeProgress(Duration idle) {
        return Math.min(1.0, Math.max(0.0, (idle.toMillis() - fadeStart().toMillis()) / (double) fade.toMillis()));
    }
}
