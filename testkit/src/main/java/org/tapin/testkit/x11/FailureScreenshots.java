package org.tapin.testkit.x11;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;

/**
 * Keeps the image behind a failed pixel check, under {@code target/screenshots/} of the module under test, named
 * after the test method that failed so that a CI report and the file match up.
 */
final class FailureScreenshots {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("HHmmss");
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final Set<String> OWN_CLASSES = Set.of(
            FailureScreenshots.class.getName(), ImageAssert.class.getName(), XServerExtension.class.getName());

    private FailureScreenshots() {}

    static Path directory() {
        return Path.of(System.getProperty("user.dir"), "target", "screenshots").toAbsolutePath();
    }

    static Path save(BufferedImage image) {
        return save(image, caller());
    }

    static Path save(BufferedImage image, String name) {
        Path file = directory().resolve(name.replaceAll("[^A-Za-z0-9._-]", "_") + "-"
                + LocalDateTime.now().format(STAMP) + "-" + SEQUENCE.incrementAndGet() + ".png");
        try {
            Files.createDirectories(file.getParent());
            ImageIO.write(image, "png", file.toFile());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the screenshot of a failed check to " + file, e);
        }
    }

    /** "SomeTest.someMethod": the first frame outside the assertion code, AssertJ and the JDK. */
    private static String caller() {
        return StackWalker.getInstance().walk(frames -> frames
                .filter(f -> !OWN_CLASSES.contains(f.getClassName()))
                .filter(f -> !f.getClassName().startsWith("org.assertj.") && !f.getClassName().startsWith("java."))
                .findFirst()
                .map(f -> simpleName(f.getClassName()) + "." + f.getMethodName().replaceAll("^lambda\\$|\\$\\d+$", ""))
                .orElse("screenshot"));
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }
}
