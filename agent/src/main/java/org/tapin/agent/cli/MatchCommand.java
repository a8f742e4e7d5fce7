package org.tapin.agent.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.tapin.agent.policy.LoadedPolicy;
import org.tapin.agent.policy.PolicyDocumentReader;
import org.tapin.agent.policy.PolicyException;
import org.tapin.agent.policy.Verdict;
import org.tapin.agent.policy.WindowIdentity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tapin match}: would this window show above the lock? Admins use it to try an access-list entry
 * with the values xprop printed before rolling the policy out.
 */
@Command(name = "match",
        description = {"Prints 'allowed: NICKNAME' (the first entry that allows the window) or 'denied'.",
                "Exit status: 0 allowed, 1 denied, 2 policy file missing or malformed."})
final class MatchCommand implements Callable<Integer> {

    static final int ALLOWED = 0;
    static final int DENIED = 1;
    static final int BAD_POLICY = 2;

    @Option(names = "--policy", required = true, paramLabel = "FILE", description = "Policy JSON with lockScreenAccess.")
    Path policy;

    @Option(names = "--class", paramLabel = "C", defaultValue = "",
            description = "WM_CLASS class (the second string xprop prints).")
    String wmClass;

    @Option(names = "--instance", paramLabel = "I", defaultValue = "",
            description = "WM_CLASS instance (the first string xprop prints).")
    String instance;

    @Option(names = "--name", paramLabel = "N", defaultValue = "", description = "Window name (_NET_WM_NAME or WM_NAME).")
    String name;

    @Option(names = "--executable", paramLabel = "PATH", defaultValue = "",
            description = "Absolute path of the window's program, for entries that pin one.")
    String executable;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        LoadedPolicy loaded;
        try {
            loaded = PolicyDocumentReader.load(policy);
        } catch (PolicyException e) {
            err.println(e.getMessage());
            err.flush();
            return BAD_POLICY;
        }
        loaded.warnings().forEach(err::println);
        err.flush();
        Verdict verdict = loaded.policy().matcher().match(new WindowIdentity(wmClass, instance, name, executable));
        PrintWriter out = spec.commandLine().getOut();
        out.println(verdict.describe());
        out.flush();
        return verdict.allowed() ? ALLOWED : DENIED;
    }
}
