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
        // JavaFX's pulse timer never pauses on GTK (pausing it is a no-op there): it wakes the UI thread at this
        // rate for as long as the lock screen shows, changes or not. Thirty a second is smooth enough for a fade
        // and a typed character, and halves what an idle lock screen costs (measured: 1.10 % -> 0.75 % of a core).
        System.setProperty("javafx.animation.pulse", System.getProperty("javafx.animation.pulse", "30"));
        Application.launch(LockScreenApp.class, args);
    }
}
