package org.tapin.agent.reader;

/**
 * How long the badge reader waits before it tries the PC/SC service again. Early in an outage it retries fast
 * (100 ms doubling to 500 ms): pcscd restarts in about 1.5 s and a tap right after should work. An endpoint
 * without a reader service at all would pay for that all day in CPU, so after {@value #FAST_WINDOW_MILLIS} ms
 * it retries every {@value #SLOW_MILLIS} ms, and a service that comes back is noticed within that.
 */
final class RetryDelay {

    static final long FIRST_MILLIS = 100;
    static final long FAST_MAX_MILLIS = 500;
    static final long FAST_WINDOW_MILLIS = 10_000;
    static final long SLOW_MILLIS = 5_000;

    /** When the current outage began, or -1 while the service is reachable. */
    private long outageStartMillis = -1;
    private long fastMillis = FIRST_MILLIS;

    /** The wait before the next attempt, after one that failed at {@code nowMillis} (a monotonic clock). */
    long afterFailure(long nowMillis) {
        if (outageStartMillis < 0) {
            outageStartMillis = nowMillis;
            fastMillis = FIRST_MILLIS;
        }
        if (nowMillis - outageStartMillis >= FAST_WINDOW_MILLIS) {
            return SLOW_MILLIS;
        }
        long delay = fastMillis;
        fastMillis = Math.min(FAST_MAX_MILLIS, fastMillis * 2);
        return delay;
    }

    /** The service answered: the next outage starts fast again. */
    void reachable() {
        outageStartMillis = -1;
    }
}
