package org.tapin.testkit.x11;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Decodes the XWD dump that {@code xwd -root} writes. Written by hand because ImageIO has no XWD reader, and
 * {@code xwd} plus this decoder takes a screenshot in a fraction of the time ImageMagick's {@code import} needs to
 * encode a PNG. Only what Xvfb produces at depth 16 and 24 is supported: ZPixmap with a TrueColor visual.
 */
final class XwdImage {
    private static final int HEADER_FIELDS = 25;
    private static final int VERSION = 7;
    private static final int Z_PIXMAP = 2;
    private static final int TRUE_COLOR = 4;
    private static final int DIRECT_COLOR = 5;
    private static final int COLOR_ENTRY_BYTES = 12;

    private XwdImage() {}

    static BufferedImage decode(byte[] xwd) {
        if (xwd.length < HEADER_FIELDS * 4) {
            throw new IllegalArgumentException("not an XWD image: " + xwd.length + " bytes");
        }
        // The header and colour map are big-endian whatever the machine; pixels follow the header's byte order.
        ByteBuffer header = ByteBuffer.wrap(xwd).order(ByteOrder.BIG_ENDIAN);
        int headerSize = header.getInt(0);
        int version = header.getInt(4);
        int format = header.getInt(8);
        int width = header.getInt(16);
        int height = header.getInt(20);
        int byteOrder = header.getInt(28);
        int bitsPerPixel = header.getInt(44);
        int bytesPerLine = header.getInt(48);
        int visualClass = header.getInt(52);
        int redMask = header.getInt(56);
        int greenMask = header.getInt(60);
        int blueMask = header.getInt(64);
        int colours = header.getInt(76);
        if (version != VERSION || format != Z_PIXMAP) {
            throw new IllegalArgumentException("unsupported XWD image: version " + version + ", format " + format);
        }
        if (visualClass != TRUE_COLOR && visualClass != DIRECT_COLOR) {
            throw new IllegalArgumentException("unsupported XWD visual class " + visualClass + ": start the server at depth 24");
        }
        if (bitsPerPixel != 16 && bitsPerPixel != 24 && bitsPerPixel != 32) {
            throw new IllegalArgumentException("unsupported XWD pixel size: " + bitsPerPixel + " bits");
        }
        long pixelStart = headerSize + (long) colours * COLOR_ENTRY_BYTES;
        if (width <= 0 || height <= 0 || pixelStart + (long) bytesPerLine * height > xwd.length) {
            throw new IllegalArgumentException("truncated XWD image: " + width + "x" + height + " needs "
                    + (pixelStart + (long) bytesPerLine * height) + " bytes, got " + xwd.length);
        }

        ByteBuffer pixels = ByteBuffer.wrap(xwd).order(byteOrder == 0 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] rgb = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        Channel red = new Channel(redMask);
        Channel green = new Channel(greenMask);
        Channel blue = new Channel(blueMask);
        int bytesPerPixel = bitsPerPixel / 8;
        for (int y = 0; y < height; y++) {
            int row = (int) (pixelStart + (long) y * bytesPerLine);
            for (int x = 0; x < width; x++) {
                int at = row + x * bytesPerPixel;
                int value = switch (bytesPerPixel) {
                    case 4 -> pixels.getInt(at);
                    case 2 -> pixels.getShort(at) & 0xFFFF;
                    default -> byteOrder == 0
                            ? (xwd[at] & 0xFF) | (xwd[at + 1] & 0xFF) << 8 | (xwd[at + 2] & 0xFF) << 16
                            : (xwd[at] & 0xFF) << 16 | (xwd[at + 1] & 0xFF) << 8 | (xwd[at + 2] & 0xFF);
                };
                rgb[y * width + x] = red.to8Bits(value) << 16 | green.to8Bits(value) << 8 | blue.to8Bits(value);
            }
        }
        return image;
    }

    /** One colour channel of a pixel value, scaled to 8 bits (16-bit visuals have 5- and 6-bit channels). */
    private record Channel(int mask, int shift, int max) {
        Channel(int mask) {
            this(mask, Integer.numberOfTrailingZeros(mask), mask == 0 ? 0 : mask >>> Integer.numberOfTrailingZeros(mask));
        }

        int to8Bits(int pixel) {
            if (max == 0) {
                return 0;
            }
            int v = (pixel & mask) >>> shift;
            return max == 0xFF ? v : (v * 255 + max / 2) / max;
        }
    }
}
