package org.tapin.agent.reader;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class UidAnswerTest {

    static UidAnswer parse(String hex) {
        return UidAnswer.parse(HexFormat.of().parseHex(hex));
    }

    @Test
    void uidWithSuccessStatus() {
        assertThat(parse("04a1b2c39000")).isEqualTo(new UidAnswer.Uid(HexFormat.of().parseHex("04a1b2c3")));
    }

    @Test
    void wrongLengthAsksForARetry() {
        assertThat(parse("6c07")).isEqualTo(new UidAnswer.WrongLength(7));
    }

    @Test
    void errorStatusesAndGarbageAreReasonsNotExceptions() {
        assertThat(parse("6a81")).isEqualTo(new UidAnswer.Unusable("card answered status 6A81"));
        assertThat(parse("9000")).isEqualTo(new UidAnswer.Unusable("card returned no UID"));
        assertThat(parse("90")).isEqualTo(new UidAnswer.Unusable("answer too short (1 bytes)"));
        assertThat(UidAnswer.parse(null)).isInstanceOf(UidAnswer.Unusable.class);
        assertThat(parse("00".repeat(17) + "9000")).isEqualTo(new UidAnswer.Unusable("card returned 17 bytes, too long for a UID"));
        assertThat(parse("0102036f00")).isEqualTo(new UidAnswer.Unusable("card answered status 6F00 with 3 data bytes"));
    }
}
