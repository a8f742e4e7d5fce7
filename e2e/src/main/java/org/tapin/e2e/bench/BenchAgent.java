package org.tapin.e2e.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.tapin.testkit.RepoRoot;
import org.tapin.testkit.x11.XServer;
import org.tapin.x11.cover.Cover;

/** {@code ./tapin agent} as the benchmarks run it: a process on their X server with its own config, data and logs. */
final class BenchAgent {

    private BenchAgent() {}

    /**
     * Starts the agent with data and logs under {@code dir} ({@code log/OneSignAgent.log}, {@code agent.out}).
     *
     * @param agentKeys more lines for the [agent] section (appliances, ca-certs-dir), or ""
     * @param environment added to the agent's, e.g. the socket of a test pcscd
     */
    static Process start(XServer server, Path dir, String agentKeys, Map<String, String> environment) throws IOException {
        Files.createDirectories(dir);
        Path config = Files.writeString(dir.resolve("Imprivata.conf"), """
                [agent]
                data-dir = %s
                computer-name = BENCH-PC
                %s
                [log]
                dir = %s
                """.formatted(dir.resolve("data"), agentKeys, dir.resolve("log")));
        ProcessBuilder builder = server.command(RepoRoot.path().resolve("tapin").toString(), "--config", config.toString(), "agent")
                .redirectErrorStream(true).redirectOutput(dir.resolve("agent.out").toFile());
        builder.environment().putAll(environment);
        return builder.start();
    }

    static void stop(Process agent) throws InterruptedException {
        agent.descendants().forEach(ProcessHandle::destroyForcibly);
        agent.destroyForcibly();
        agent.waitFor(10, TimeUnit.SECONDS);
    }

    /** The cover outlives a killed agent on purpose; the next measurement needs the desktop back. */
    static void removeCover(XServer server) {
        try (Cover leftover = new Cover(server.display()).start()) {
            leftover.dispose();
        }
    }
}
