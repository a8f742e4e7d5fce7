package org.tapin.lockscreen;

import com.sun.glass.ui.Timer;
import java.lang.reflect.Field;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * JavaFX's pulse timer, made to sleep while nothing on the screen changes. JavaFX already pauses its pulse timer
 * when no animation runs and no pulse was asked for (a quarter of a second after the last one) and resumes it as
 * soon as anything marks the scene dirty, starts an animation or asks for a layout; but GTK's timer ignores the
 * pause and wakes the UI thread every period for as long as the lock screen shows. This one honours it.
 *
 * <p>A stale lock screen is the failure to avoid, so a paused timer still ticks once every
 * {@value #PAUSED_TICK_MILLIS} ms: JavaFX then pulses if something is pending and pauses it again if not. A
 * missed resume costs at most that, never a screen that stops changing; a pulse that is still running or hung
 * keeps the timer ticking (JavaFX never pauses it then).
 */
final class SleepingPulseTimer extends Timer {

    static final long PAUSED_TICK_MILLIS = 1_000;

    private Ticker ticker;

    SleepingPulseTimer(Runnable pulse) {
        super(pulse);
    }

    /**
     * Puts this timer in place of the toolkit's GTK one, keeping its period and its work. Anything unexpected (a
     * JavaFX whose internals differ, another platform's timer) keeps the stock timer, which costs CPU, not
     * correctness. Call on the FX thread once the toolkit runs.
     */
    static void install() {
        try {
            Object toolkit = com.sun.javafx.tk.Toolkit.getToolkit();
            Field timerField = field(toolkit.getClass(), "pulseTimer");
            Timer stock = (Timer) timerField.get(toolkit);
            if (stock == null || !stock.getClass().getName().equals("com.sun.glass.ui.gtk.GtkTimer")) {
                System.err.println("overlay: pulse timer kept: " + (stock == null ? "none" : stock.getClass().getName()));
                return;
            }
            Runnable pulse = (Runnable) field(Timer.class, "runnable").get(stock);
            double period = field(Timer.class, "period").getDouble(stock);
            if (pulse == null || period < 1) {
                System.err.println("overlay: pulse timer kept: it runs with period " + period);
                return;
            }
            // The toolkit pauses and resumes its timer under its own lock: swap it under the same lock.
            synchronized (toolkit) {
                SleepingPulseTimer sleeping = new SleepingPulseTimer(pulse);
                sleeping.start((int) period);
                try {
                    timerField.set(toolkit, sleeping);
                } catch (IllegalAccessException | RuntimeException e) {
                    sleeping.stop();
                    throw e;
                }
                stock.stop();
            }
            System.err.println("overlay: pulse timer sleeps while the screen does not change (period " + (int) period + " ms)");
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            System.err.println("overlay: pulse timer kept, JavaFX's internals differ: " + e);
        }
    }

    private static Field field(Class<?> type, String name) throws NoSuchFieldException {
        Field field = type.getDeclaredField(name);
        field.setAccessible(true);
        return field;
    }

    @Override
    protected long _start(Runnable pulse) {
        throw new UnsupportedOperationException("no vsync timer on GTK");
    }

    @Override
    protected synchronized long _start(Runnable pulse, int periodMillis) {
        ticker = new Ticker(pulse, TimeUnit.MILLISECONDS.toNanos(periodMillis));
        ticker.start();
        return 1; // a handle the caller hands back to _stop, _pause and _resume; there is only one ticker
    }

    @Override
    protected synchronized void _stop(long handle) {
        if (ticker != null) {
            ticker.finish();
            ticker = null;
        }
    }

    @Override
    protected synchronized void _pause(long handle) {
        if (ticker != null) {
            ticker.pause();
        }
    }

    @Override
    protected synchronized void _resume(long handle) {
        if (ticker != null) {
            ticker.wake();
        }
    }

    /** The thread that runs the pulse's work every period, or once a second while paused. */
    private static final class Ticker implements Runnable {
        private final Thread thread = new Thread(this, "pulse-timer");
        private final Runnable pulse;
        private final long periodNanos;
        private boolean paused;
        private boolean finished;

        Ticker(Runnable pulse, long periodNanos) {
            thread.setDaemon(true);
            this.pulse = pulse;
            this.periodNanos = periodNanos;
        }

        synchronized void pause() {
            paused = true;
        }

        void start() {
            thread.start();
        }

        synchronized void wake() {
            paused = false;
            notifyAll();
        }

        synchronized void finish() {
            finished = true;
            notifyAll();
            LockSupport.unpark(thread);
        }

        private synchronized boolean finished() {
            return finished;
        }

        /** Waits while paused, up to the paused tick; true when resumed early (the next pulse is wanted now). */
        private synchronized boolean awaitResume() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PAUSED_TICK_MILLIS);
            boolean waited = false;
            while (paused && !finished) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                waited = true;
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            return waited;
        }

        @Override
        public void run() {
            long next = System.nanoTime();
            try {
                while (!finished()) {
                    if (awaitResume()) {
                        next = System.nanoTime(); // woken for a change: pulse at once, the period counts from here
                    }
                    if (finished()) {
                        return;
                    }
                    try {
                        pulse.run();
                    } catch (RuntimeException e) {
                        // JavaFX's own timer work catches everything; this keeps the lock screen pulsing regardless.
                        System.err.println("overlay: pulse failed: " + e);
                    }
                    next += periodNanos;
                    long now = System.nanoTime();
                    if (next < now) {
                        next = now; // a late pulse (a loaded machine, a pause) is not made up for by a burst
                    }
                    LockSupport.parkNanos(next - now);
                }
            } catch (InterruptedException e) {
                // finished
            }
        }
    }
}
