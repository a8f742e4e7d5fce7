package org.tapin.testkit.x11;

import java.util.Objects;

/**
 * What kind of X server to start: always 24-bit TrueColor, like the endpoints. Xvfb cannot grow its screen beyond
 * the size it started with (RandR can only shrink it), so a test that resizes the screen must start big.
 *
 * @param monitors side-by-side RandR monitors splitting the screen; window managers see them through Xinerama
 * @param notifications start xfce4-notifyd on the server's private session bus, for {@link XClients#notification}
 */
public record XServerOptions(WindowManager windowManager, int width, int height, int monitors, boolean notifications) {

    public XServerOptions {
        Objects.requireNonNull(windowManager, "windowManager");
        if (width < 16 || height < 16 || width > 8192 || height > 8192) {
            throw new IllegalArgumentException("screen size must be 16 to 8192 pixels a side, not " + width + "x" + height);
        }
        if (monitors < 1 || monitors > 9) {
            throw new IllegalArgumentException("monitors must be 1 to 9, not " + monitors);
        }
    }

    /** 1280x800, one monitor, no notification daemon. */
    public static XServerOptions of(WindowManager windowManager) {
        return new XServerOptions(windowManager, 1280, 800, 1, false);
    }

    public XServerOptions withSize(int newWidth, int newHeight) {
        return new XServerOptions(windowManager, newWidth, newHeight, monitors, notifications);
    }

    public XServerOptions withMonitors(int count) {
        return new XServerOptions(windowManager, width, height, count, notifications);
    }

    public XServerOptions withNotifications() {
        return new XServerOptions(windowManager, width, height, monitors, true);
    }
}
