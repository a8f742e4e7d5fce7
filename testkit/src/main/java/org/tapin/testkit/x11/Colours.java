package org.tapin.testkit.x11;

import java.awt.Color;

/** Colours as X and people write them. */
final class Colours {
    private Colours() {}

    /** {@code #rrggbb}: what xterm, xmessage and xsetroot accept, and what failure messages print. */
    static String hex(Color colour) {
        return hex(colour.getRGB());
    }

    static String hex(int rgb) {
        return String.format("#%06x", rgb & 0xFFFFFF);
    }
}
