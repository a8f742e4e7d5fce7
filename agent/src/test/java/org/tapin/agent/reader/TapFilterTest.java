package org.tapin.agent.reader;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TapFilterTest {

    static final BadgeId A = new BadgeId("04A1B2C3");
    static final BadgeId B = new BadgeId("04D4E5F6");

    @Test
    void sameBadgeOnSameReaderWithinTheDebounceIsOneTap() {
        TapFilter filter = new TapFilter(750);
        assertThat(filter.isNewTap("r0", A, 1_000)).isTrue();
        assertThat(filter.isNewTap("r0", A, 1_500)).isFalse();
        assertThat(filter.isNewTap("r0", A, 1_750)).as("the debounce counts from the last tap").isTrue();
    }

    @Test
    void anotherBadgeOrAnotherReaderIsAlwaysANewTap() {
        TapFilter filter = new TapFilter(750);
        assertThat(filter.isNewTap("r0", A, 1_000)).isTrue();
        assertThat(filter.isNewTap("r0", B, 1_010)).isTrue();
        assertThat(filter.isNewTap("r1", B, 1_020)).isTrue();
    }

    @Test
    void zeroDebounceKeepsEveryTap() {
        TapFilter filter = new TapFilter(0);
        assertThat(filter.isNewTap("r0", A, 1_000)).isTrue();
        assertThat(filter.isNewTap("r0", A, 1_000)).isTrue();
    }
}
