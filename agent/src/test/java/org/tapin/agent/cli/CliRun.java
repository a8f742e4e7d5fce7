package org.tapin.agent.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** One in-process run of the {@code tapin} command line, with what it printed on each stream. */
record CliRun(int exitCode, String out, String err) {

    /** As {@code tapin ARGS} runs them. */
    static CliRun of(String... args) {
        return on(TapinCommand.commandLine(args), args);
    }

    static CliRun on(CommandLine cli, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = cli.setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }
}
