package org.tapin.agent.reader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class BadgeIdTest {

    static final byte[] UID = HexFormat.of().parseHex("04a1b2c3");

    @Test
    void everyFormatFollowsTheDocumentedRule() {
        assertThat(BadgeIdFormat.HEX.format(UID).value()).isEqualTo("04A1B2C3");
        assertThat(BadgeIdFormat.HEX_REVERSED.format(UID).value()).isEqualTo("C3B2A104");
        assertThat(BadgeIdFormat.DECIMAL.format(UID).value()).isEqualTo("77705923");
        assertThat(BadgeIdFormat.DECIMAL_REVERSED.format(UID).value()).isEqualTo("3283263748");
    }

    @Test
    void aReaderReportingTheOtherByteOrderGivesTheSameIdWithTheMatchingSetting() {
        byte[] asOtherReaderReports = HexFormat.of().parseHex("c3b2a104");
        assertThat(BadgeIdFormat.HEX_REVERSED.format(asOtherReaderReports)).isEqualTo(BadgeIdFormat.HEX.format(UID));
    }

    @Test
    void decimalIsUnsignedAndKeepsSevenByteUids() {
        assertThat(BadgeIdFormat.DECIMAL.format(new byte[] {(byte) 0xFF}).value()).isEqualTo("255");
        assertThat(BadgeIdFormat.HEX.format(HexFormat.of().parseHex("04112233445566")).value()).isEqualTo("04112233445566");
    }

    @Test
    void configNamesRoundTrip() {
        for (BadgeIdFormat f : BadgeIdFormat.values()) {
            assertThat(BadgeIdFormat.fromConfig(f.configName().toUpperCase())).isEqualTo(f);
        }
        assertThatThrownBy(() -> BadgeIdFormat.fromConfig("octal")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anIdPrintsMaskedEverywhereButValue() {
        BadgeId id = new BadgeId("04A1B2C3");
        assertThat(id.toString()).isEqualTo("…B2C3").doesNotContain("04A1");
        assertThat(String.valueOf(java.util.List.of(id))).doesNotContain("04A1B2C3");
        assertThat(id.value()).isEqualTo("04A1B2C3");
    }
}
