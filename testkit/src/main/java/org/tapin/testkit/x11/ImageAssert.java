package org.tapin.testkit.x11;

import java.awt.Color;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.assertj.core.api.AbstractAssert;

/**
 * Colour checks over an image or a region of it. Colours match when every RGB channel is within the tolerance
 * (0 by default: Xvfb draws exact colours; a tolerance is for anti-aliased or scaled content). Alpha is ignored.
 */
public final class ImageAssert extends AbstractAssert<ImageAssert, BufferedImage> {
    private static final int EXAMPLES = 5;

    private int tolerance;
    private Rectangle region;

    ImageAssert(BufferedImage image) {
        super(image, ImageAssert.class);
    }

    /** For the following checks, accepts a pixel whose red, green and blue each differ from the expected colour by at most {@code perChannel}. */
    public ImageAssert withTolerance(int perChannel) {
        if (perChannel < 0 || perChannel > 255) {
            throw new IllegalArgumentException("tolerance must be 0 to 255 per channel, not " + perChannel);
        }
        tolerance = perChannel;
        return myself;
    }

    /** Restricts the following checks to this rectangle, clipped to the image; it must overlap the image. */
    public ImageAssert inRegion(Rectangle area) {
        isNotNull();
        Rectangle clipped = area.intersection(new Rectangle(actual.getWidth(), actual.getHeight()));
        if (clipped.isEmpty()) {
            throw new IllegalArgumentException("region " + describe(area) + " lies outside the "
                    + actual.getWidth() + "x" + actual.getHeight() + " image");
        }
        region = clipped;
        return myself;
    }

    /** No pixel has this colour: for example the colour of a window that must be hidden. */
    public ImageAssert hasNoPixel(Color colour) {
        Scan scan = scan(colour);
        if (scan.matching > 0) {
            fail("Expected no pixel of %s%s in %s, but %d of %d pixels are that colour; first at %s.",
                    Colours.hex(colour), toleranceText(), where(), scan.matching, scan.total, coordinates(scan.matchingExamples));
        }
        return myself;
    }

    /** At least one pixel has this colour. */
    public ImageAssert hasPixel(Color colour) {
        Scan scan = scan(colour);
        if (scan.matching == 0) {
            fail("Expected a pixel of %s%s in %s, but none of %d pixels is that colour; most common: %s.",
                    Colours.hex(colour), toleranceText(), where(), scan.total, scan.commonest());
        }
        return myself;
    }

    /** Every pixel has this colour: for example a cover that must hide everything. */
    public ImageAssert everyPixelIs(Color colour) {
        Scan scan = scan(colour);
        if (scan.matching != scan.total) {
            fail("Expected every pixel in %s to be %s%s, but %d of %d pixels are not; first at %s; most common: %s.",
                    where(), Colours.hex(colour), toleranceText(), scan.total - scan.matching, scan.total,
                    coordinatesWithColours(scan.otherExamples), scan.commonest());
        }
        return myself;
    }

    private void fail(String format, Object... args) {
        Path saved = FailureScreenshots.save(actual);
        failWithMessage(format + " Screenshot: %s", append(args, saved));
    }

    private static Object[] append(Object[] args, Object last) {
        Object[] all = Arrays.copyOf(args, args.length + 1);
        all[args.length] = last;
        return all;
    }

    private Scan scan(Color colour) {
        isNotNull();
        Objects.requireNonNull(colour, "colour");
        Rectangle area = region != null ? region : new Rectangle(actual.getWidth(), actual.getHeight());
        int[] rgb = actual.getRGB(area.x, area.y, area.width, area.height, null, 0, area.width);
        int want = colour.getRGB() & 0xFFFFFF;
        Scan scan = new Scan(rgb.length);
        for (int i = 0; i < rgb.length; i++) {
            int pixel = rgb[i] & 0xFFFFFF;
            int x = area.x + i % area.width;
            int y = area.y + i / area.width;
            scan.counts.merge(pixel, 1, Integer::sum);
            if (close(pixel, want)) {
                scan.matching++;
                if (scan.matchingExamples.size() < EXAMPLES) {
                    scan.matchingExamples.add(new int[] {x, y, pixel});
                }
            } else if (scan.otherExamples.size() < EXAMPLES) {
                scan.otherExamples.add(new int[] {x, y, pixel});
            }
        }
        return scan;
    }

    private boolean close(int a, int b) {
        return Math.abs((a >> 16 & 0xFF) - (b >> 16 & 0xFF)) <= tolerance
                && Math.abs((a >> 8 & 0xFF) - (b >> 8 & 0xFF)) <= tolerance
                && Math.abs((a & 0xFF) - (b & 0xFF)) <= tolerance;
    }

    private String where() {
        return region == null
                ? "the whole " + actual.getWidth() + "x" + actual.getHeight() + " image"
                : "region " + describe(region);
    }

    private String toleranceText() {
        return tolerance == 0 ? "" : " (±" + tolerance + " per channel)";
    }

    private static String describe(Rectangle r) {
        return r.width + "x" + r.height + "+" + r.x + "+" + r.y;
    }

    private static String coordinates(List<int[]> examples) {
        return examples.stream().map(p -> "(" + p[0] + "," + p[1] + ")").collect(Collectors.joining(", "));
    }

    private static String coordinatesWithColours(List<int[]> examples) {
        return examples.stream().map(p -> "(" + p[0] + "," + p[1] + ") " + Colours.hex(p[2])).collect(Collectors.joining(", "));
    }

    /** What one pass over the pixels found. */
    private static final class Scan {
        final int total;
        final Map<Integer, Integer> counts = new HashMap<>();
        final List<int[]> matchingExamples = new ArrayList<>();
        final List<int[]> otherExamples = new ArrayList<>();
        int matching;

        Scan(int total) {
            this.total = total;
        }

        String commonest() {
            return counts.entrySet().stream()
                    .sorted(Map.Entry.<Integer, Integer>comparingByValue().reversed())
                    .limit(3)
                    .map(e -> Colours.hex(e.getKey()) + " x" + e.getValue())
                    .collect(Collectors.joining(", "));
        }
    }
}
