package org.tapin.agent.daemon;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shuts down or restarts through the commands in {@code [lockscreen]} ({@code systemctl poweroff} and
 * {@code systemctl reboot} by default; IGEL and other systems have their own). Run without a shell, split on
 * spaces, so a value cannot smuggle a second command.
 */
final class SystemPower implements Ports.Power {

    private static final Logger LOG = LoggerFactory.getLogger("Agent.Power");
    private final List<String> shutdown;
    private final List<String> reboot;

    SystemPower(String shutdownCommand, String rebootCommand) {
        this.shutdown = split(shutdownCommand);
        this.reboot = split(rebootCommand);
    }

    @Override
    public void shutdown() throws IOException, InterruptedException {
        run("shutdown", shutdown);
    }

    @Override
    public void reboot() throws IOException, InterruptedException {
        run("restart", reboot);
    }

    private static void run(String what, List<String> command) throws IOException, InterruptedException {
        LOG.info("{} requested from the lock screen: running {}", what, String.join(" ", command));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            LOG.warn("{} command still running after 30 s; left to finish", what);
            return;
        }
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
        if (process.exitValue() != 0) {
            throw new IOException(what + " command exited with " + process.exitValue() + (output.isEmpty() ? "" : ": " + output));
        }
    }

    private static List<String> split(String command) {
        return List.of(command.trim().split("\\s+"));
    }
}
