package org.tapin.x11.idle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tapin.testkit.x11.XServerExtension;

/** Idle time comes from the X server: it grows while nobody touches anything and drops when the mouse moves. */
class IdleClockTest {

    @RegisterExtension
    static final XServerExtension X = XServerExtension.withoutWindowManager();

    @Test
    void growsWhileIdleAndDropsOnInput() throws Exception {
        try (IdleClock clock = new IdleClock(X.server().display())) {
            X.server().run("xdotool", "mousemove", "10", "10");
            Thread.sleep(700);
            Duration before = clock.idle();
            assertThat(before).isBetween(Duration.ofMillis(500), Duration.ofMillis(3000));
            X.server().run("xdotool", "mousemove", "200", "200");
            assertThat(clock.idle()).isLessThan(Duration.ofMillis(300)).isLessThan(before);
        }
    }
}
