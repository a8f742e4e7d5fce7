package org.tapin.agent.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.tapin.agent.policy.AccessListMatcher;
import org.tapin.agent.policy.PolicyDocumentReader;
import org.tapin.agent.policy.PolicyException;
import org.tapin.agent.policy.Verdict;
import org.tapin.x11.activity.ActivityLine;
import org.tapin.x11.window.TopLevelWindow;
import org.tapin.x11.window.WindowEvent;
import org.tapin.x11.window.WindowMonitor;
import org.tapin.x11.window.WindowReader;
import org.tapin.x11.xlib.XConnection;
import org.tapin.x11.xlib.XException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tapin windows}: every top-level window with the values the lock-screen access list matches on, and,
 * with {@code --policy}, the verdict and the entry that decides it. What admins used xprop and log greps for.
 */
@Command(name = "windows", description = {"Lists top-level windows: id, pid, executable, WM_CLASS instance and class, name,",
        "and with --policy the verdict and the deciding entry. --watch prints windows as they appear.",
        "Exit status: 0, or 2 when the X display or the policy cannot be read."})
final class WindowsCommand implements Callable<Integer> {

    @Option(names = "--policy", paramLabel = "FILE", description = "Judge each window against this policy JSON.")
    Path policy;

    @Option(names = "--json", description = "One JSON array (with --watch: one JSON object per line).")
    boolean json;

    @Option(names = "--watch", description = "Print each window as it appears or renames itself, until interrupted.")
    boolean watch;

    @Option(names = "--display", paramLabel = "NAME", description = "X display (default: $DISPLAY).")
    String display;

    @Spec
    CommandSpec spec;

    /**
     * Made on first use: picocli builds every subcommand when {@code tapin agent} starts, and a mapper built here
     * would cost the agent's cold start a few hundred milliseconds of Jackson before its cover is up.
     */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        AccessListMatcher matcher = null;
        if (policy != null) {
            try {
                var loaded = PolicyDocumentReader.load(policy);
                loaded.warnings().forEach(err::println);
                matcher = loaded.policy().matcher();
            } catch (PolicyException e) {
                err.println(e.getMessage());
                err.flush();
                return 2;
            }
        }
        try {
            return watch ? watch(matcher, out) : list(matcher, out);
        } catch (XException e) {
            err.println(e.getMessage());
            err.flush();
            return 2;
        }
    }

    private int list(AccessListMatcher matcher, PrintWriter out) throws Exception {
        List<TopLevelWindow> windows;
        try (XConnection x = XConnection.open(display)) {
            windows = new WindowReader(x).topLevels();
        }
        if (json) {
            List<Map<String, Object>> rows = new ArrayList<>();
            windows.forEach(w -> rows.add(row(w, matcher)));
            out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(rows));
        } else {
            out.println(String.format("%-11s %-7s %-24s %-20s %-20s %-30s%s", "ID", "PID", "EXECUTABLE", "INSTANCE", "CLASS",
                    "NAME", matcher == null ? "" : " VERDICT"));
            windows.forEach(w -> out.println(text(w, matcher)));
        }
        out.flush();
        return 0;
    }

    private int watch(AccessListMatcher matcher, PrintWriter out) throws Exception {
        try (WindowMonitor monitor = new WindowMonitor(display, event -> {
            TopLevelWindow w = event instanceof WindowEvent.Mapped m ? m.window()
                    : event instanceof WindowEvent.Renamed r ? r.window() : null;
            if (w == null) {
                return;
            }
            synchronized (out) {
                try {
                    String kind = event instanceof WindowEvent.Mapped ? "mapped" : "renamed";
                    if (json) {
                        Map<String, Object> row = new LinkedHashMap<>(Map.of("event", kind));
                        row.putAll(row(w, matcher));
                        out.println(Json.MAPPER.writeValueAsString(row));
                    } else {
                        out.println(kind + " " + text(w, matcher));
                    }
                    out.flush();
                } catch (Exception e) {
                    out.println("cannot print window " + w.id() + ": " + e.getMessage());
                }
            }
        }).start()) {
            new CountDownLatch(1).await();
        }
        return 0;
    }

    private static String text(TopLevelWindow w, AccessListMatcher matcher) {
        return String.format("%-11s %-7s %-24s %-20s %-20s %-30s%s", "0x" + Long.toHexString(w.id()),
                w.pid() == 0 ? "-" : Long.toString(w.pid()), w.executable().isEmpty() ? "-" : w.executable(),
                quoted(w.instance()), quoted(w.wmClass()), quoted(w.name()),
                matcher == null ? "" : " " + verdict(w, matcher).describe());
    }

    private static Map<String, Object> row(TopLevelWindow w, AccessListMatcher matcher) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", "0x" + Long.toHexString(w.id()));
        row.put("instance", w.instance());
        row.put("wmClass", w.wmClass());
        row.put("name", w.name());
        row.put("pid", w.pid());
        row.put("netWmPid", w.netWmPid());
        row.put("executable", w.executable());
        row.put("overrideRedirect", w.overrideRedirect());
        if (matcher != null) {
            Verdict v = verdict(w, matcher);
            row.put("verdict", v.allowed() ? "allowed" : "denied");
            row.put("entry", v.allowed() ? v.entry().label(v.position()) : null);
        }
        return row;
    }

    private static Verdict verdict(TopLevelWindow w, AccessListMatcher matcher) {
        return matcher.match(w.wmClass(), w.instance(), w.name(), w.executable());
    }

    /** Quoted as xprop quotes, escaped as the activity log escapes, so a hostile title cannot fake a column. */
    private static String quoted(String value) {
        return "\"" + ActivityLine.escape(value) + "\"";
    }
}
