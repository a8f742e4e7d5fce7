package org.tapin.agent.reader;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Fast retries while pcscd restarts, one every 5 s once it has been gone a while, fast again after it came back. */
class RetryDelayTest {

    private final RetryDelay delay = new RetryDelay();

    /** The delays of an outage that begins at {@code start}, each attempt failing right after the last wait. */
    private List<Long> outage(long start, long untilMillis) {
        List<Long> delays = new ArrayList<>();
        for (long now = start; now < start + untilMillis; ) {
            long next = delay.afterFailure(now);
            delays.add(next);
            now += next;
        }
        return delays;
    }

    @Test
    void doublesFrom100To500MillisInTheFirstTenSeconds() {
        List<Long> delays = outage(0, 10_000);
        assertThat(delays.subList(0, 5)).containsExactly(100L, 200L, 400L, 500L, 500L);
        assertThat(delays).allMatch(d -> d <= 500);
    }

    @Test
    void afterTenSecondsItRetriesEveryFiveSeconds() {
        List<Long> delays = outage(0, 60_000);
        int slow = delays.indexOf(5_000L);
        assertThat(slow).as("first slow retry").isPositive();
        assertThat(delays.subList(slow, delays.size())).containsOnly(5_000L);
        long fastTotal = delays.subList(0, slow).stream().mapToLong(Long::longValue).sum();
        assertThat(fastTotal).as("time spent retrying fast").isBetween(10_000L, 10_500L);
    }

    @Test
    void aServiceThatCameBackStartsTheNextOutageFastAgain() {
        outage(0, 60_000);
        delay.reachable();
        assertThat(outage(100_000, 1_000)).startsWith(100L, 200L, 400L);
    }

    @Test
    void withoutTheServiceBackTheOutageStaysSlow() {
        outage(0, 60_000);
        assertThat(delay.afterFailure(61_000)).isEqualTo(5_000L);
    }
}
