package org.tapin.e2e.lock;

import java.awt.Color;
import java.awt.Rectangle;

/** What the default lock screen looks like where no text is drawn: the shipped background colour in the top left. */
public final class LockScreenPixels {

    /** {@code [lockscreen] background} by default. */
    public static final Color BACKGROUND = new Color(0x10, 0x20, 0x2f);
    /** A corner with no text, button or clock on any screen size the tests use. */
    public static final Rectangle CORNER = new Rectangle(0, 0, 200, 100);

    private LockScreenPixels() {
    }
}
