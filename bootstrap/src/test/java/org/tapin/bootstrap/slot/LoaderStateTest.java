package org.tapin.bootstrap.slot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tapin.bootstrap.pkg.Refused;
import org.tapin.bootstrap.pkg.Version;

/** The start rewrites the state file only when the state changed, so equality must see every part of it. */
class LoaderStateTest {

    private static LoaderState sample() throws Refused {
        return new LoaderState(Optional.of(Slot.A), Optional.of(Slot.B), 2, Optional.of(Version.parse("1.2")),
                Set.of(Version.parse("1.3")), "slot b refused");
    }

    @Test
    void statesWithTheSameContentAreEqual() throws Refused {
        assertThat(sample()).isEqualTo(sample()).hasSameHashCodeAs(sample());
        // 1.2 and 1.2.0 are the same version, so the floor is the same too.
        LoaderState sameFloor = new LoaderState(Optional.of(Slot.A), Optional.of(Slot.B), 2,
                Optional.of(Version.parse("1.2.0")), Set.of(Version.parse("1.3")), "slot b refused");
        assertThat(sameFloor).isEqualTo(sample()).hasSameHashCodeAs(sample());
    }

    @Test
    void aChangeInAnyPartMakesAnotherState() throws Refused {
        LoaderState s = sample();
        List<LoaderState> changed = List.of(
                s.withCurrent(Slot.B, 2),
                s.withoutGood(),
                s.withTriesLeft(1),
                new LoaderState(s.current(), s.good(), 2, Optional.of(Version.parse("1.1")), s.quarantined(),
                        s.lastFailure()),
                s.quarantine(Version.parse("1.4"), s.lastFailure()),
                s.withFailure("another reason"));
        for (LoaderState c : changed) {
            assertThat(c).isNotEqualTo(s);
        }
        assertThat(s).isNotEqualTo(null).isNotEqualTo("a state");
    }
}
