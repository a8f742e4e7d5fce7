package org.tapin.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code tapin ARGS} builds only the subcommand it names: every command line an admin may type must still
 * print the same text on the same streams and exit with the same status as the whole command line does.
 */
class TapinCommandTest {

    @TempDir
    static Path dir;

    static Stream<List<String>> commandLines() throws Exception {
        Path good = Files.writeString(dir.resolve("good.conf"), "[agent]\nappliances = https://sso.example\n"
                + "[windows.monitor]\nfocus-on-overlap = True\n");
        Path bad = Files.writeString(dir.resolve("bad.conf"), "[mainloader.SSL]\nReadTimeout = abc\n");
        List<List<String>> lines = new ArrayList<>(List.of(
                List.of(), List.of("--help"), List.of("-h"), List.of("--version"), List.of("-V"),
                List.of("help"), List.of("help", "agent"), List.of("help", "check-config"), List.of("help", "nosuch"),
                List.of("nosuch"), List.of("Agent"), List.of("--bogus"), List.of("--bogus", "agent"), List.of("-h", "agent"),
                List.of("--config"), List.of("--config", "agent"), List.of("--", "agent"), List.of("--configx", "agent"),
                List.of("check-config", good.toString()), List.of("check-config", bad.toString()),
                List.of("check-config", dir.resolve("missing.conf").toString()),
                List.of("--config", good.toString(), "check-config"), List.of("--config=" + bad, "check-config"),
                List.of("--config", good.toString(), "--config", bad.toString(), "check-config"),
                List.of("check-config", "a", "b"), List.of("check-config", "--bogus"),
                List.of("agent", "--display"), List.of("agent", "--display", ""), List.of("agent", "extra"),
                List.of("match"), List.of("match", "--bogus"), List.of("support-bundle"), List.of("windows", "--bogus"),
                List.of("readers", "--bogus"), List.of("check-config", "--config", good.toString()),
                List.of("--config=" + good, "agent", "--help"), List.of("--config=" + good, "help", "agent")));
        for (String sub : List.of("agent", "check-config", "match", "readers", "windows", "support-bundle", "help")) {
            lines.add(List.of(sub, "--help"));
            lines.add(List.of(sub, "-h"));
            lines.add(List.of("--config", good.toString(), sub, "--help"));
        }
        return lines.stream();
    }

    @ParameterizedTest
    @MethodSource("commandLines")
    void printsAndExitsAsTheWholeCommandLineDoes(List<String> args) {
        String[] argv = args.toArray(String[]::new);
        CliRun whole = CliRun.on(TapinCommand.commandLine(), argv);
        CliRun run = CliRun.of(argv);
        assertThat(run).as("tapin %s", String.join(" ", args)).isEqualTo(whole);
    }

    @Test
    void theWholeCommandLineListsEverySubcommand() {
        CliRun help = CliRun.of("--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("agent", "check-config", "match", "readers", "windows", "support-bundle", "help");
    }

    @Test
    void aNamedSubcommandIsTheOnlyOneBuilt() {
        assertThat(TapinCommand.commandLine("--config", "x.conf", "agent").getSubcommands()).containsOnlyKeys("agent");
        assertThat(TapinCommand.commandLine("check-config").getSubcommands()).containsOnlyKeys("check-config");
        assertThat(TapinCommand.commandLine("--help", "agent").getSubcommands()).hasSize(7);
        assertThat(TapinCommand.commandLine("help", "agent").getSubcommands()).hasSize(7);
    }
}
