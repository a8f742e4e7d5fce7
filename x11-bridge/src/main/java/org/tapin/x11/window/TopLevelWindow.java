package org.tapin.x11.window;

/**
 * A top-level client window as the lock-screen access list sees it. {@code id} is the client window (the one
 * with WM_CLASS); {@code frame} is what a reparenting window manager wrapped it in, the window that is
 * restacked (equal to {@code id} without a window manager, and for override-redirect windows).
 * {@code pid} comes from the X server (XRes) and cannot be forged by the client, unlike {@code netWmPid};
 * {@code executable} is that pid's /proc/PID/exe. Unknown numbers are 0, unknown strings empty.
 */
public record TopLevelWindow(long id, long frame, String instance, String wmClass, String name, long netWmPid,
        long pid, String executable, boolean overrideRedirect, int x, int y, int width, int height) {}
