package org.tapin.appliance.factor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tapin.appliance.fixture.MovingClock;

class ContinuationsTest {

    private final MovingClock clock = new MovingClock(Instant.parse("2026-11-23T09:00:00Z"));

    private Continuations.Issued issue(Continuations c, String endpoint) {
        return c.issue(endpoint, "alice", Continuations.Kind.PASSWORD, null, Continuations.Stage.SECOND_FACTOR, List.of("totp"), null);
    }

    @Test
    void pendingSignInsAreBoundedAndExpiredOnesMakeRoom() {
        Continuations c = new Continuations(Duration.ofMinutes(2), clock);
        for (int i = 0; i < Continuations.MAX_PENDING; i++) {
            issue(c, "e-1");
        }
        assertThatThrownBy(() -> issue(c, "e-1")).isInstanceOf(Continuations.TooManyPending.class);
        clock.advance(Duration.ofMinutes(2));
        Continuations.Issued fresh = issue(c, "e-1");
        assertThat(c.size()).isEqualTo(1);
        assertThat(c.take(fresh.token(), "e-1")).isPresent();
        assertThat(c.take(fresh.token(), "e-1")).isEmpty();
    }

    @Test
    void tokensAreRandomAndOnlyTheirHashIsKept() {
        Continuations c = new Continuations(Duration.ofMinutes(2), clock);
        Continuations.Issued a = issue(c, "e-1");
        Continuations.Issued b = issue(c, "e-1");
        assertThat(a.token()).isNotEqualTo(b.token()).hasSize(43);
        assertThat(c.take(a.token(), "e-2")).isEmpty();
        assertThat(c.take(a.token(), "e-1")).isEmpty(); // spent by the wrong endpoint's try
        assertThat(c.take(b.token(), "e-1").orElseThrow().username()).isEqualTo("alice");
    }
}
