package org.tapin.agent.appliance.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class ClinicianWordingTest {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final Instant NOW = Instant.parse("2026-11-23T11:40:00Z");

    @Test
    void aLockoutSaysTheLocalTimeItEnds() {
        assertThat(ClinicianWording.reason("account locked until 2026-11-23T11:54:40Z", NOW, BERLIN))
                .isEqualTo("Account locked until 12:54.");
    }

    @Test
    void anotherDayIsNamed() {
        assertThat(ClinicianWording.reason("account locked by the directory until 2026-11-24T07:05:00Z", NOW, BERLIN))
                .isEqualTo("Account locked by the directory until 24 Nov 08:05.");
    }

    @Test
    void plainReasonsBecomeSentencesAndAreOtherwiseKept() {
        assertThat(ClinicianWording.reason("wrong user name or password", NOW, BERLIN)).isEqualTo("Wrong user name or password.");
        assertThat(ClinicianWording.reason("Password expired; change it on a workstation, then try again.", NOW, BERLIN))
                .isEqualTo("Password expired; change it on a workstation, then try again.");
        assertThat(ClinicianWording.reason("  ", NOW, BERLIN)).isEmpty();
    }
}
