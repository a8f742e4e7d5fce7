package org.tapin.agent.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.tapin.agent.config.ConfigLoader;
import org.tapin.agent.config.ConfigProblem;
import org.tapin.agent.config.ConfigReport;
import org.tapin.agent.config.Severity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code tapin check-config [FILE]}: is this Imprivata.conf usable, and what is wrong with it, by line. */
@Command(name = "check-config",
        description = {"Checks an Imprivata.conf. Problems go to stderr as FILE:LINE: error|warning: ...",
                "Exit status: 0 usable (warnings allowed), 2 not usable."})
final class CheckConfigCommand implements Callable<Integer> {

    static final int USABLE = 0;
    static final int NOT_USABLE = 2;

    @Parameters(arity = "0..1", paramLabel = "FILE", description = "The file to check (default: the agent's).")
    Path file;

    @ParentCommand
    TapinCommand parent;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Path path = file != null ? file : ConfigLoader.locate(parent.config, System.getenv());
        ConfigReport report = ConfigLoader.load(path);
        PrintWriter err = spec.commandLine().getErr();
        for (ConfigProblem problem : report.problems()) {
            err.println(problem.format());
        }
        err.flush();
        long errors = report.count(Severity.ERROR);
        long warnings = report.count(Severity.WARNING);
        PrintWriter out = spec.commandLine().getOut();
        out.println(path + ": " + (report.usable() ? "usable" : "not usable") + " ("
                + plural(errors, "error") + ", " + plural(warnings, "warning") + ")");
        out.flush();
        return report.usable() ? USABLE : NOT_USABLE;
    }

    private static String plural(long n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }
}
