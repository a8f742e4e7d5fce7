package org.tapin.testkit.x11;

/** The window managers {@code tools/xserver} can start; endpoints in the field run either, or none. */
public enum WindowManager {
    OPENBOX("openbox"),
    XFWM4("xfwm4"),
    NONE("none");

    private final String option;

    WindowManager(String option) {
        this.option = option;
    }

    /** The value of {@code tools/xserver start --wm}. */
    String option() {
        return option;
    }
}
