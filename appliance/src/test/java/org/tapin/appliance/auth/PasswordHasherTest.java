package org.tapin.appliance.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    private final PasswordHasher hasher = new PasswordHasher(10_000);

    @Test
    void verifiesTheRightPasswordOnlyAndSaltsEachHash() {
        String a = hasher.hash("correct horse".toCharArray());
        String b = hasher.hash("correct horse".toCharArray());
        assertThat(a).startsWith("pbkdf2-sha256$10000$").doesNotContain("correct").isNotEqualTo(b);
        assertThat(hasher.verify("correct horse".toCharArray(), a)).isTrue();
        assertThat(hasher.verify("correct horsf".toCharArray(), a)).isFalse();
        assertThat(hasher.verify(new char[0], a)).isFalse();
    }

    @Test
    void theIterationCountTravelsInTheHash() {
        String old = new PasswordHasher(2_000).hash("pw".toCharArray());
        assertThat(hasher.verify("pw".toCharArray(), old)).isTrue();
    }

    @Test
    void malformedHashesNeverMatch() {
        for (String stored : new String[] {null, "", "plain", "pbkdf2-sha256$x$y$z", "md5$1$AA$AA", "pbkdf2-sha256$0$AAAA$AAAA"}) {
            assertThat(hasher.verify("pw".toCharArray(), stored)).as(String.valueOf(stored)).isFalse();
        }
        assertThat(hasher.verifyNobody("pw".toCharArray())).isFalse();
    }

    @Test
    void theDefaultIsSlow() {
        assertThat(PasswordHasher.DEFAULT_ITERATIONS).isGreaterThanOrEqualTo(600_000);
        assertThatThrownBy(() -> new PasswordHasher(10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> hasher.hash(new char[0])).isInstanceOf(IllegalArgumentException.class);
    }
}
