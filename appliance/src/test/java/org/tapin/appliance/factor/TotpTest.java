package org.tapin.appliance.factor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TotpTest {

    /** RFC 6238 Appendix B: the SHA-1 seed is the ASCII string "12345678901234567890". */
    private static final byte[] RFC_SECRET = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    @Test
    void rfc6238AppendixBVectorsSha1EightDigits() {
        assertThat(Totp.code(RFC_SECRET, Totp.step(Instant.ofEpochSecond(59)), 8)).isEqualTo("94287082");
        assertThat(Totp.code(RFC_SECRET, Totp.step(Instant.ofEpochSecond(1111111109)), 8)).isEqualTo("07081804");
        assertThat(Totp.code(RFC_SECRET, Totp.step(Instant.ofEpochSecond(1111111111)), 8)).isEqualTo("14050471");
        assertThat(Totp.code(RFC_SECRET, Totp.step(Instant.ofEpochSecond(1234567890)), 8)).isEqualTo("89005924");
        assertThat(Totp.code(RFC_SECRET, Totp.step(Instant.ofEpochSecond(2000000000)), 8)).isEqualTo("69279037");
        assertThat(Totp.code(RFC_SECRET, Totp.step(Instant.ofEpochSecond(20000000000L)), 8)).isEqualTo("65353130");
    }

    @Test
    void sixDigitCodesAreTheLastSixOfTheHotpValue() {
        // RFC 4226 Appendix D: counter 0 and 1 of the same seed, 6 digits.
        assertThat(Totp.code(RFC_SECRET, 0, 6)).isEqualTo("755224");
        assertThat(Totp.code(RFC_SECRET, 1, 6)).isEqualTo("287082");
    }

    @Test
    void oneStepEarlyOrLateIsAcceptedTwoStepsIsNot() {
        Instant now = Instant.parse("2026-11-23T09:00:10Z");
        long step = Totp.step(now);
        assertThat(Totp.match(RFC_SECRET, Totp.code(RFC_SECRET, step, 6), now, -1)).hasValue(step);
        assertThat(Totp.match(RFC_SECRET, Totp.code(RFC_SECRET, step - 1, 6), now, -1)).hasValue(step - 1);
        assertThat(Totp.match(RFC_SECRET, Totp.code(RFC_SECRET, step + 1, 6), now, -1)).hasValue(step + 1);
        assertThat(Totp.match(RFC_SECRET, Totp.code(RFC_SECRET, step - 2, 6), now, -1)).isEmpty();
        assertThat(Totp.match(RFC_SECRET, Totp.code(RFC_SECRET, step + 2, 6), now, -1)).isEmpty();
    }

    @Test
    void aStepAlreadySpentAndEveryEarlierOneAreRefused() {
        Instant now = Instant.parse("2026-11-23T09:00:10Z");
        long step = Totp.step(now);
        String code = Totp.code(RFC_SECRET, step, 6);
        assertThat(Totp.match(RFC_SECRET, code, now, step)).isEmpty();
        assertThat(Totp.match(RFC_SECRET, Totp.code(RFC_SECRET, step - 1, 6), now, step)).isEmpty();
        assertThat(Totp.match(RFC_SECRET, Totp.code(RFC_SECRET, step + 1, 6), now, step)).hasValue(step + 1);
    }

    @Test
    void malformedCodesNeverMatch() {
        Instant now = Instant.parse("2026-11-23T09:00:10Z");
        String code = Totp.code(RFC_SECRET, Totp.step(now), 6);
        assertThat(Totp.match(RFC_SECRET, code + "0", now, -1)).isEmpty();
        assertThat(Totp.match(RFC_SECRET, " " + code.substring(1), now, -1)).isEmpty();
        assertThat(Totp.match(RFC_SECRET, "", now, -1)).isEmpty();
        assertThat(Totp.match(RFC_SECRET, null, now, -1)).isEmpty();
    }
}
