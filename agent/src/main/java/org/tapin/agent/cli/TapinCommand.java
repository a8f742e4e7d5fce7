package org.tapin.agent.cli;

import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tapin}: the agent's command line. Subcommands are the tools admins and support run on an endpoint. */
@Command(
        name = "tapin",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Badge tap-in agent for shared Linux terminals.",
        subcommands = {AgentCommand.class, CheckConfigCommand.class, MatchCommand.class, ReadersCommand.class, WindowsCommand.class, SupportBundleCommand.class,
                CommandLine.HelpCommand.class})
public final class TapinCommand implements Runnable {

    @Option(names = "--config", paramLabel = "FILE",
            description = "Imprivata.conf to use (default: $TAPIN_CONFIG, else /usr/lib/imprivata/runtime/etc/Imprivata.conf).")
    Path config;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        return new CommandLine(new TapinCommand()).setCaseInsensitiveEnumValuesAllowed(true);
    }
}
