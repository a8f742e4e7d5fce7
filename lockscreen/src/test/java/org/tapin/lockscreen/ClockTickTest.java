package org.tapin.lockscreen;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalTime;
import org.junit.jupiter.api.Test;

/** The idle screen's clock wakes once a minute, just after the minute it shows has changed. */
class ClockTickTest {

    @Test
    void theNextTickIsAtTheNextMinute() {
        assertThat(Views.millisToNextMinute(LocalTime.of(10, 41, 0))).isEqualTo(60_000);
        assertThat(Views.millisToNextMinute(LocalTime.of(10, 41, 59, 999_000_000))).isEqualTo(1);
        assertThat(Views.millisToNextMinute(LocalTime.of(10, 41, 30, 250_000_000))).isEqualTo(29_750);
    }
}
