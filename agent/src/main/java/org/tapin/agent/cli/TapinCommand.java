package org.tapin.agent.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tapin}: the agent's command line. Subcommands are the tools admins and support run on an endpoint. */
@Command(
        name = "tapin",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Badge tap-in agent for shared Linux terminals.")
public final class TapinCommand implements Runnable {

    /** In the order {@code tapin --help} lists them. */
    private static final List<Class<?>> SUBCOMMANDS = List.of(AgentCommand.class, CheckConfigCommand.class, MatchCommand.class,
            ReadersCommand.class, WindowsCommand.class, SupportBundleCommand.class, CommandLine.HelpCommand.class);

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
        System.exit(commandLine(args).execute(args));
    }

    /**
     * The command line that runs these arguments. picocli builds a command's model by reflection, ~150 ms for all
     * of them on a thin client, and {@code tapin agent} must lock the screen at once: so when the arguments name
     * a subcommand plainly (after one {@code --config} at most), only that one is built. Anything else (no
     * subcommand, {@code help}, another option first, an unknown name) gets every subcommand, so help and errors
     * read as they always did. Without arguments this is the whole command line.
     */
    public static CommandLine commandLine(String... args) {
        CommandLine cli = new CommandLine(new TapinCommand());
        namedSubcommand(args).map(List::<Class<?>>of).orElse(SUBCOMMANDS).forEach(cli::addSubcommand);
        return cli.setCaseInsensitiveEnumValuesAllowed(true);
    }

    private static Optional<Class<?>> namedSubcommand(String[] args) {
        // At most one --config before the name: a second one is an error that prints the whole usage.
        int i = args.length > 0 && args[0].equals("--config") ? 2 : args.length > 0 && args[0].startsWith("--config=") ? 1 : 0;
        if (i >= args.length) {
            return Optional.empty();
        }
        String name = args[i];
        // help prints its siblings: it needs them all.
        return SUBCOMMANDS.stream().filter(c -> c != CommandLine.HelpCommand.class)
                .filter(c -> c.getAnnotation(Command.class).name().equals(name)).findFirst();
    }
}
