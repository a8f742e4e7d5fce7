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
        Application.launch(LockScreenApp.class, args);
    }
}
