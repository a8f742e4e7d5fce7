package org.tapin.e2e.lock;

import static org.tapin.testkit.x11.PixelAssertions.assertThat;

import java.awt.Color;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.imageio.ImageIO;
import org.tapin.testkit.x11.XServer;

/**
 * Screenshots the display over and over on a thread of its own while something happens (versions switch, the
 * agent is killed, a session ends) and counts every screenshot that shows a colour only patient data has. The
 * first such screenshot is written to {@code target/screenshots/NAME-exposed.png} for whoever reads the failure.
 */
public final class ExposureWatch implements AutoCloseable {
    private final XServer server;
    private final List<Color> secrets;
    private final String name;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread = new Thread(this::run, "exposure-watch");
    private final List<String> exposedAt = new CopyOnWriteArrayList<>();
    private volatile int samples;

    private ExposureWatch(XServer server, String name, List<Color> secrets) {
        this.server = server;
        this.name = name;
        this.secrets = List.copyOf(secrets);
    }

    public static ExposureWatch start(XServer server, String name, Color... secrets) {
        ExposureWatch watch = new ExposureWatch(server, name, List.of(secrets));
        watch.thread.start();
        return watch;
    }

    private void run() {
        while (running.get()) {
            try {
                var shot = server.screenshot();
                samples++;
                for (Color secret : secrets) {
                    try {
                        assertThat(shot).hasNoPixel(secret);
                    } catch (AssertionError e) {
                        if (exposedAt.isEmpty()) {
                            ImageIO.write(shot, "png", Path.of("target/screenshots/" + name + "-exposed.png").toFile());
                        }
                        exposedAt.add(LocalTime.now().toString());
                    }
                }
                Thread.sleep(150);
            } catch (Exception e) {
                return;
            }
        }
    }

    /** Stops watching; the screenshots taken and the times of those that showed a secret colour. */
    public int samples() {
        return samples;
    }

    public List<String> exposedAt() {
        return List.copyOf(exposedAt);
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(10_000);
    }
}
