package org.tapin.agent.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.tapin.agent.config.ConfigLoader;
import org.tapin.agent.config.ConfigReport;
import org.tapin.agent.support.BundleEntry;
import org.tapin.agent.support.SupportBundle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code tapin support-bundle OUT.zip}: what {@code fetch_support_info} runs (it adds the root check). */
@Command(name = "support-bundle", description = {"Writes a zip of logs, redacted configuration and system facts for support.",
        "MANIFEST.txt in the zip lists every item, its source and what was redacted or left out."})
final class SupportBundleCommand implements Callable<Integer> {

    @Parameters(paramLabel = "OUT.zip", description = "Where to write the bundle.")
    Path out;

    @Option(names = "--cap-mb", defaultValue = "40", description = "Largest total size of the items, in MiB (default 40).")
    int capMb;

    @ParentCommand
    TapinCommand parent;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        Path configFile = ConfigLoader.locate(parent.config, System.getenv());
        ConfigReport config = ConfigLoader.load(configFile);
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.putIfAbsent("DISPLAY", ":0"); // the endpoint's own display, for xrandr and tapin windows
        environment.put("TAPIN_CONFIG", configFile.toString());
        Path launcher = Path.of(System.getProperty("tapin.launcher", "tapin"));
        try {
            List<BundleEntry> manifest = new SupportBundle(config.config(), configFile, launcher, environment,
                    capMb * 1024L * 1024L).writeTo(out);
            long missing = manifest.stream().filter(e -> e.outcome().startsWith("not collected")).count();
            stdout.println("wrote " + out + ": " + (manifest.size() - missing) + " items collected, " + missing
                    + " not collected (see MANIFEST.txt)");
            return 0;
        } catch (IOException e) {
            stderr.println("cannot write " + out + ": " + e.getMessage());
            return 2;
        } finally {
            stdout.flush();
            stderr.flush();
        }
    }
}
