package org.tapin.lockscreen;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;

/**
 * Periodic work on the FX thread without a JavaFX animation: an endless {@code Timeline} keeps the toolkit's
 * pulse running sixty times a second while nothing changes on the screen, which costs a locked, idle terminal
 * a few percent of a core. A daemon timer posts each tick to the FX thread instead, so the toolkit sleeps
 * between them.
 */
final class UiTicks {

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ui-ticks");
        t.setDaemon(true);
        return t;
    });

    private UiTicks() {
    }

    /** Runs {@code tick} on the FX thread every {@code periodMillis}, the first time after one period. */
    static void every(long periodMillis, Runnable tick) {
        TIMER.scheduleWithFixedDelay(() -> Platform.runLater(tick), periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    /** Runs {@code tick} once on the FX thread after {@code delayMillis}. */
    static void after(long delayMillis, Runnable tick) {
        TIMER.schedule(() -> Platform.runLater(tick), delayMillis, TimeUnit.MILLISECONDS);
    }
}
