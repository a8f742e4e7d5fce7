package org.tapin.agent.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One in-process run of the {@code tapin} command line, with what it printed on each stream. */
record CliRun(int exitCode, String out, String err) {

    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = TapinCommand.commandLine()
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }
}
