package org.tapin.testkit.radius;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FreeRadiusTest {

    @Test
    void twoServersRunSideBySideWithTheirOwnPortsAndSecretsAndLeaveNothingBehind() throws Exception {
        FreeRadius a = FreeRadius.start();
        FreeRadius b = FreeRadius.start();
        try {
            assertThat(a.port()).isNotEqualTo(b.port());
            assertThat(Files.readString(a.secretFile())).isNotEqualTo(Files.readString(b.secretFile()));
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(a.secretFile()))).isEqualTo("rw-------");
            assertThat(ProcessHandle.of(a.pid())).isPresent();
            assertThat(ProcessHandle.of(a.pid()).orElseThrow().info().commandLine().orElse(""))
                    .doesNotContain(Files.readString(a.secretFile()).strip());
            assertThat(Files.readString(a.log())).contains("Ready to process requests")
                    .doesNotContain(Files.readString(a.secretFile()).strip());
        } finally {
            a.close();
            b.close();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (ProcessHandle.of(a.pid()).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(ProcessHandle.of(a.pid()).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(ProcessHandle.of(b.pid()).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(a.secretFile().getParent()).doesNotExist();
    }
}
