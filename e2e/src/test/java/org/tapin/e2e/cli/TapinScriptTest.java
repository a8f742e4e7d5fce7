package org.tapin.e2e.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tapin.testkit.RepoRoot;

/** Drives ./tapin from the built tree as an admin would: a real process, real exit codes, real streams. */
class TapinScriptTest {

    record Run(int exit, String out, String err) {}

    static Run tapin(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(RepoRoot.path().resolve("tapin").toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(RepoRoot.path().toFile());
        builder.environment().remove("TAPIN_CONFIG");
        Process process = builder.start();
        process.getOutputStream().close();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(),
                new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void checksTheShippedConfiguration() throws Exception {
        Run run = tapin("check-config", "etc/Imprivata.conf");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo("etc/Imprivata.conf: usable (0 errors, 1 warning)\n");
        assertThat(run.err()).startsWith("etc/Imprivata.conf: warning: no appliance");
    }

    @Test
    void aBrokenConfigurationExitsTwoWithLineNumbersAndNoStackTrace(@TempDir Path dir) throws Exception {
        Path conf = Files.writeString(dir.resolve("Imprivata.conf"),
                "\uFEFF[agent]\r\nappliances = https://sso.example\r\n[mainloader.SSL]\r\nWriteTimeout = -3\r\n");
        Run run = tapin("check-config", conf.toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).isEqualTo(conf + ":4: error: [mainloader.SSL] WriteTimeout = \"-3\" is not allowed; "
                + "expected a whole number of seconds from 1 to 3600\n");
    }

    @Test
    void theConfigurationComesFromTheEnvironmentWhenNoFileIsNamed(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("absent.conf");
        ProcessBuilder builder = new ProcessBuilder(RepoRoot.path().resolve("tapin").toString(), "check-config");
        builder.environment().put("TAPIN_CONFIG", missing.toString());
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
                .isEqualTo(missing + ": error: cannot read: no such file\n");
    }

    @Test
    void matchesWindowsAgainstTheSamplePolicy() throws Exception {
        String policy = "etc/lockscreen-policy.sample.json";
        assertThat(tapin("match", "--policy", policy, "--class", "Igel_screensaver", "--instance", "igel_screensaver",
                "--name", "igel_screensaver")).isEqualTo(new Run(0, "allowed: IGEL Screensaver 2\n", ""));
        assertThat(tapin("match", "--policy", policy, "--class", "XTerm", "--name", "Patient list"))
                .isEqualTo(new Run(1, "denied\n", ""));
        Run missing = tapin("match", "--policy", "nope.json", "--class", "XTerm");
        assertThat(missing).isEqualTo(new Run(2, "", "nope.json: cannot read: no such file\n"));
    }

    @Test
    void printsItsVersionFromTheJar() throws Exception {
        assertThat(tapin("--version").out()).matches("tapin \\d+\\.\\d+\\.\\d+.*\n");
    }
}
