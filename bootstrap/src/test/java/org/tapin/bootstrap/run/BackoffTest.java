package org.tapin.bootstrap.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void firstRestartIsImmediateAndACrashLoopSlowsDownToThirtySeconds() {
        assertThat(Supervisor.backoff(0)).isZero();
        assertThat(Supervisor.backoff(1)).isZero();
        assertThat(Supervisor.backoff(2)).isEqualTo(Duration.ofMillis(500));
        assertThat(Supervisor.backoff(3)).isEqualTo(Duration.ofSeconds(1));
        assertThat(Supervisor.backoff(4)).isEqualTo(Duration.ofSeconds(2));
        assertThat(Supervisor.backoff(8)).isEqualTo(Duration.ofSeconds(30));
        assertThat(Supervisor.backoff(1000)).isEqualTo(Duration.ofSeconds(30));
    }
}
