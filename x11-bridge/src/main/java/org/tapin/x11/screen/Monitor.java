package org.tapin.x11.screen;

/** One monitor's rectangle on the root window, in pixels; {@code primary} as RandR reports it. */
public record Monitor(String name, int x, int y, int width, int height, boolean primary) {

    public Monitor {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("monitor " + name + " has no area: " + width + "x" + height);
        }
    }

    @Override
    public String toString() {
        return name + " " + width + "x" + height + "+" + x + "+" + y + (primary ? " primary" : "");
    }
}
