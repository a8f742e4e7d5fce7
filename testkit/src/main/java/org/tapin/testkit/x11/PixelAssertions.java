package org.tapin.testkit.x11;

import java.awt.image.BufferedImage;

/**
 * Entry point for pixel checks on screenshots:
 * {@code PixelAssertions.assertThat(x.screenshot()).hasNoPixel(INTRUDER_RED)}. A failure saves the image under
 * {@code target/screenshots/} and names the file in its message.
 */
public final class PixelAssertions {
    private PixelAssertions() {}

    public static ImageAssert assertThat(BufferedImage image) {
        return new ImageAssert(image);
    }
}
