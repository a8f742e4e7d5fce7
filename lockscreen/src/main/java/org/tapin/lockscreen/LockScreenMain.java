package org.tapin.lockscreen;

import javafx.application.Application;

/**
 * Starts the overlay. A main class that does not extend Application, so the overlay runs from a plain class
 * path. Arguments: {@code --socket PATH} (the agent's Unix socket), optional {@code --background #RRGGBB},
 * {@code --accent #RRGGBB}, {@code --title TEXT}, {@code --computer NAME}. Nothing secret is ever an argument.
 */
public final class LockScreenMain {
    private LockScreenMain() {}

    public static void main(String[] args) {
        System.setProperty("prism.order", System.getProperty("prism.order", "sw"));
        // Region caching keeps each background it drew as a texture, in the software pipeline a screen-sized int[]
        // on the heap for as long as the lock screen shows; a plain colour is as quick to fill again.
        System.setProperty("prism.disableRegionCaching", System.getProperty("prism.disableRegionCaching", "true"));
        // Thirty pulses a second while something changes (a fade, a typed character) are smooth enough and cost half
        // of sixty; while nothing changes the pulse sleeps (SleepingPulseTimer).
        System.setProperty("javafx.animation.pulse", System.getProperty("javafx.animation.pulse", "30"));
        Application.launch(LockScreenApp.class, args);
    }
}
