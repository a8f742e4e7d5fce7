package org.tapin.testkit.x11;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class ImageAssertTest {
    private static final Color RED = new Color(200, 0, 0);

    /** 100x50 white with a red 10x5 block at (20,10). */
    private static BufferedImage picture() {
        BufferedImage image = new BufferedImage(100, 50, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 100, 50);
        g.setColor(RED);
        g.fillRect(20, 10, 10, 5);
        g.dispose();
        return image;
    }

    @Test
    void passingChecks() {
        PixelAssertions.assertThat(picture())
                .hasPixel(RED)
                .hasNoPixel(Color.BLACK)
                .inRegion(new Rectangle(20, 10, 10, 5)).everyPixelIs(RED)
                .inRegion(new Rectangle(50, 0, 500, 500)).everyPixelIs(Color.WHITE).hasNoPixel(RED);
    }

    @Test
    void hasNoPixelReportsCountAndFirstCoordinates() {
        String message = XServerTest.catchMessage(() -> PixelAssertions.assertThat(picture()).hasNoPixel(RED));
        assertThat(message).contains("Expected no pixel of #c80000 in the whole 100x50 image, but 50 of 5000 pixels "
                + "are that colour; first at (20,10), (21,10), (22,10), (23,10), (24,10).");
        XServerTest.screenshotNamedIn(message);
    }

    @Test
    void everyPixelIsReportsTheOtherColours() {
        String message = XServerTest.catchMessage(() -> PixelAssertions.assertThat(picture()).everyPixelIs(Color.WHITE));
        assertThat(message).contains("but 50 of 5000 pixels are not; first at (20,10) #c80000", "most common: #ffffff x4950, #c80000 x50");
    }

    @Test
    void hasPixelReportsTheMostCommonColours() {
        String message = XServerTest.catchMessage(() -> PixelAssertions.assertThat(picture())
                .inRegion(new Rectangle(0, 0, 10, 10)).hasPixel(RED));
        assertThat(message).contains("Expected a pixel of #c80000 in region 10x10+0+0, but none of 100 pixels", "#ffffff x100");
        assertThat(XServerTest.screenshotNamedIn(message).getFileName().toString())
                .startsWith("ImageAssertTest.hasPixelReportsTheMostCommonColours-");
    }

    @Test
    void toleranceIsPerChannel() {
        Color nearRed = new Color(205, 4, 0);
        PixelAssertions.assertThat(picture()).withTolerance(5).hasPixel(nearRed);
        assertThatThrownBy(() -> PixelAssertions.assertThat(picture()).withTolerance(4).hasPixel(nearRed))
                .isInstanceOf(AssertionError.class).hasMessageContaining("(±4 per channel)");
        assertThatThrownBy(() -> PixelAssertions.assertThat(picture()).hasPixel(nearRed)).isInstanceOf(AssertionError.class);
    }

    @Test
    void misuseIsAnError() {
        assertThatThrownBy(() -> PixelAssertions.assertThat(picture()).inRegion(new Rectangle(200, 0, 5, 5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lies outside the 100x50 image");
        assertThatThrownBy(() -> PixelAssertions.assertThat(picture()).withTolerance(256))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PixelAssertions.assertThat(null).hasPixel(RED)).isInstanceOf(AssertionError.class);
    }
}
