package org.tapin.bootstrap.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BootLogTest {
    @TempDir
    Path dir;

    @Test
    void writesTheLinesAdminsGrepAndNoForgedOnes() throws Exception {
        Clock clock = Clock.fixed(Instant.parse("2023-11-08T01:06:27.126Z"), ZoneId.of("UTC"));
        BootLog log = new BootLog(dir.resolve("log/bootstrap.log"), null, clock);
        log.info("Trying to import main loader...");
        log.error("refused: bad\n2023-11-08 01:06:27,127 - bootstrap - INFO: all fine");

        assertThat(Files.readAllLines(dir.resolve("log/bootstrap.log"))).isEqualTo(List.of(
                "2023-11-08 01:06:27,126 - bootstrap - INFO: Trying to import main loader...",
                "2023-11-08 01:06:27,126 - bootstrap - ERROR: refused: bad\\n2023-11-08 01:06:27,127 - bootstrap - "
                        + "INFO: all fine"));
    }

    @Test
    void timesArePaddedToTheirFixedWidth() {
        ZonedDateTime early = ZonedDateTime.of(2026, 1, 2, 3, 4, 5, 7_900_000, ZoneId.of("UTC"));
        assertThat(BootLog.timestamp(early)).isEqualTo("2026-01-02 03:04:05,007");
        ZonedDateTime late = ZonedDateTime.of(2026, 12, 31, 23, 59, 59, 999_999_999, ZoneId.of("Europe/Paris"));
        assertThat(BootLog.timestamp(late)).isEqualTo("2026-12-31 23:59:59,999");
    }

    @Test
    void rollsOnceSoACrashLoopCannotFillTheDisk() throws Exception {
        BootLog log = new BootLog(dir.resolve("bootstrap.log"), null, Clock.systemUTC());
        String line = "x".repeat(1000);
        for (int i = 0; i < 5000; i++) {
            log.info(line);
        }
        assertThat(Files.size(dir.resolve("bootstrap.log"))).isLessThanOrEqualTo(BootLog.MAX_BYTES + 2000);
        assertThat(Files.size(dir.resolve("bootstrap.log.1"))).isLessThanOrEqualTo(BootLog.MAX_BYTES + 2000);
    }
}
