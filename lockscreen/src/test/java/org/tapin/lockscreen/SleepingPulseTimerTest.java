package org.tapin.lockscreen;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The pulse timer wakes the lock screen every period while it changes, almost never while it does not, and at
 * once when it changes again. Real time, with wide margins for a loaded machine.
 */
class SleepingPulseTimerTest {

    private final AtomicInteger ticks = new AtomicInteger();
    private final SleepingPulseTimer timer = new SleepingPulseTimer(ticks::incrementAndGet);

    @Test
    void ticksEveryPeriodWhileRunning() throws Exception {
        long handle = timer._start(ticks::incrementAndGet, 20);
        try {
            Thread.sleep(1_000);
            assertThat(ticks.get()).as("about 50 ticks at 20 ms").isBetween(20, 55);
        } finally {
            timer._stop(handle);
        }
    }

    @Test
    void pausedItTicksOnlyOnceASecondAndResumedItTicksAtOnce() throws Exception {
        long handle = timer._start(ticks::incrementAndGet, 20);
        try {
            Thread.sleep(100);
            timer._pause(handle);
            Thread.sleep(100); // a tick already under way may still land
            int before = ticks.get();
            Thread.sleep(2_500);
            assertThat(ticks.get() - before).as("ticks in 2.5 s paused: only the once-a-second safety ones").isBetween(1, 3);

            int atResume = ticks.get();
            long t0 = System.nanoTime();
            timer._resume(handle);
            while (ticks.get() == atResume && System.nanoTime() - t0 < 1_000_000_000L) {
                Thread.onSpinWait();
            }
            assertThat((System.nanoTime() - t0) / 1e6).as("ms from resume to the next tick").isLessThan(200);
        } finally {
            timer._stop(handle);
        }
    }

    @Test
    void stoppedItNeverTicksAgain() throws Exception {
        long handle = timer._start(ticks::incrementAndGet, 20);
        Thread.sleep(100);
        timer._stop(handle);
        Thread.sleep(50);
        int after = ticks.get();
        Thread.sleep(300);
        assertThat(ticks.get()).isEqualTo(after);
    }
}
