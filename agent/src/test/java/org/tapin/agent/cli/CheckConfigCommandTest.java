package org.tapin.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckConfigCommandTest {

    @TempDir
    Path dir;

    Path write(String text) throws Exception {
        return Files.writeString(dir.resolve("Imprivata.conf"), text);
    }

    @Test
    void usableFileExitsZeroWithWarningsOnStderr() throws Exception {
        Path file = write("[agent]\nappliances = https://sso.example\n[windows.monitor]\nfocus-on-overlap = True\n");
        CliRun run = CliRun.of("check-config", file.toString());
        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEqualTo(file + ":4: warning: focus-on-overlap is obsolete and ignored: windows above "
                + "the lock screen are chosen by the lock-screen access list of the computer policy\n");
        assertThat(run.out()).isEqualTo(file + ": usable (0 errors, 1 warning)\n");
    }

    @Test
    void badValueExitsTwoNamingFileLineKeyAndValue() throws Exception {
        Path file = write("[agent]\nappliances = https://sso.example\n[mainloader.SSL]\nReadTimeout = abc\n");
        CliRun run = CliRun.of("check-config", file.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith(file + ":4: error: [mainloader.SSL] ReadTimeout = \"abc\" is not allowed");
        assertThat(run.out()).isEqualTo(file + ": not usable (1 error, 0 warnings)\n");
    }

    @Test
    void missingFileExitsTwoWithoutAStackTrace() {
        Path missing = dir.resolve("nope.conf");
        CliRun run = CliRun.of("check-config", missing.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo(missing + ": error: cannot read: no such file\n");
        assertThat(run.err() + run.out()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void withoutAFileItChecksTheOneGivenByTheConfigFlag() throws Exception {
        Path file = write("[agent]\nappliances = https://sso.example\n");
        CliRun run = CliRun.of("--config", file.toString(), "check-config");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo(file + ": usable (0 errors, 0 warnings)\n");
    }

    @Test
    void unknownOptionIsAUsageErrorWithExitTwo() {
        CliRun run = CliRun.of("check-config", "--frobnicate");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Unknown option: '--frobnicate'");
    }
}
