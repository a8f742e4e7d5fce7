package org.tapin.agent.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.tapin.agent.config.ConfigLoader;
import org.tapin.agent.config.ConfigReport;
import org.tapin.agent.daemon.AgentDaemon;
import org.tapin.agent.loader.HealthFile;
import org.tapin.agent.logging.AgentLogging;
import org.tapin.x11.cover.Cover;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code tapin agent}: the daemon. Locks the display at once and runs until the session machine lets it exit.
 * Stopping it (SIGTERM) leaves the screen locked: the cover outlives the process by design.
 */
@Command(name = "agent",
        description = {"Runs the agent: locks the X display, reads badges, shows the lock screen.",
                "Exit status: 0 exited as the policy allows, 2 configuration error, 3 cannot start."})
final class AgentCommand implements Callable<Integer> {

    /** Set by the launcher (./tapin, /usr/bin/tapin): where the lock-screen overlay's jar is. */
    static final String LOCKSCREEN_JAR_PROPERTY = "tapin.lockscreen.jar";

    @Option(names = "--display", paramLabel = "DISPLAY", description = "X display to lock (default: $DISPLAY).")
    String display;

    @ParentCommand
    TapinCommand parent;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        var err = spec.commandLine().getErr();
        String screen = display != null ? display : System.getenv("DISPLAY");
        if (screen == null || screen.isBlank()) {
            err.println("tapin agent: no X display: pass --display or set DISPLAY");
            err.flush();
            return 2;
        }
        // Fail closed, and fast: the cover needs only the display, so it goes up before the configuration, the
        // logging or anything else can take time or fail. A configuration that turns out unusable leaves it up:
        // the display stays locked until an agent with a good configuration adopts the cover, as it stays
        // locked today when an agent stops.
        Cover cover = new Cover(screen).start();
        long coverId = cover.engage();
        Path file = ConfigLoader.locate(parent.config, System.getenv());
        ConfigReport report = ConfigLoader.load(file);
        report.problems().forEach(p -> err.println(p.format()));
        if (!report.usable()) {
            err.println("tapin agent: not started: fix " + file + " (tapin check-config " + file + "); the display"
                    + " stays locked meanwhile");
            err.flush();
            return 2;
        }
        var config = report.config();
        Path log = AgentLogging.configure(config.log(), config.windowsMonitor().logActivity());
        err.println("tapin agent: logging to " + log);
        err.flush();
        try (AgentDaemon daemon = new AgentDaemon(config, screen, cover, coverId, overlayJar(), overlayArguments(config))) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    daemon.close();
                } catch (Exception e) {
                    // shutting down: nothing left to tell
                }
            }, "shutdown"));
            daemon.start();
            HealthFile.fromEnvironment(System.getenv()).ifPresent(HealthFile::reportHealthy);
            daemon.awaitExit();
            return 0;
        }
    }

    private static Path overlayJar() {
        Path jar = Path.of(System.getProperty(LOCKSCREEN_JAR_PROPERTY, "tapin-lockscreen.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("lock-screen overlay not found at " + jar + " (-D" + LOCKSCREEN_JAR_PROPERTY + ")");
        }
        return jar;
    }

    private static List<String> overlayArguments(org.tapin.agent.config.TapinConfig config) {
        String computer = config.agent().computerName().isEmpty() ? hostname() : config.agent().computerName();
        return List.of("--background", config.lockScreen().background(), "--accent", config.lockScreen().accent(),
                "--title", config.lockScreen().title(), "--computer", computer);
    }

    private static String hostname() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
