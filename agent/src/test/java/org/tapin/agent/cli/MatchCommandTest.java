package org.tapin.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MatchCommandTest {

    static final Path SAMPLE = Path.of("..", "etc", "lockscreen-policy.sample.json");

    @TempDir
    Path dir;

    @Test
    void allowedWindowPrintsTheDecidingEntryAndExitsZero() {
        CliRun run = CliRun.of("match", "--policy", SAMPLE.toString(), "--class", "IGEL Setup",
                "--instance", "sun-awt-X11-XFramePeer", "--name", "IGEL Setup 11.05.133.01 (Build 6.7.5)");
        assertThat(run).isEqualTo(new CliRun(0, "allowed: IGEL Setup\n", ""));
    }

    @Test
    void allVariantsEntryAllowsANotification() {
        CliRun run = CliRun.of("match", "--policy", SAMPLE.toString(), "--class", "Xfce4-notifyd",
                "--instance", "xfce4-notifyd", "--name", "Network connected");
        assertThat(run).isEqualTo(new CliRun(0, "allowed: Desktop notifications\n", ""));
    }

    @Test
    void anyOtherWindowIsDeniedWithExitOne() {
        CliRun run = CliRun.of("match", "--policy", SAMPLE.toString(), "--class", "XTerm", "--instance", "xterm",
                "--name", "ward 3 patient list");
        assertThat(run).isEqualTo(new CliRun(1, "denied\n", ""));
    }

    @Test
    void missingPolicyExitsTwoNamingTheFile() {
        Path missing = dir.resolve("policy.json");
        CliRun run = CliRun.of("match", "--policy", missing.toString(), "--class", "XTerm");
        assertThat(run).isEqualTo(new CliRun(2, "", missing + ": cannot read: no such file\n"));
    }

    @Test
    void malformedPolicyExitsTwoNamingFileLineAndProblem() throws Exception {
        Path bad = Files.writeString(dir.resolve("policy.json"), "{\"lockScreenAccess\": [\n  {\"wmClass\": \"XTerm\"\n]}");
        CliRun run = CliRun.of("match", "--policy", bad.toString(), "--class", "XTerm");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith(bad + ":3:").contains("malformed JSON");
    }

    @Test
    void policyWarningsGoToStderrAndTheVerdictStillPrints() throws Exception {
        Path policy = Files.writeString(dir.resolve("policy.json"),
                "{\"lockScreenAccess\": [{\"nickname\": \"blank\"}, {\"nickname\": \"clock\", \"wmClass\": \"XClock\"}]}");
        CliRun run = CliRun.of("match", "--policy", policy.toString(), "--class", "XClock");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("allowed: clock\n");
        assertThat(run.err()).contains("lockScreenAccess[0] (blank): warning: no name, wmClass, appInstance or executable set");
    }

    @Test
    void policyIsRequired() {
        CliRun run = CliRun.of("match", "--class", "XTerm");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Missing required option: '--policy=FILE'");
    }
}
