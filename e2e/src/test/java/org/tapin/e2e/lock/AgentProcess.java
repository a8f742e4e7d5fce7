package org.tapin.e2e.lock;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.tapin.testkit.RepoRoot;
import org.tapin.testkit.x11.XServer;

/** {@code ./tapin agent} as a real process on a test X server, with its own config, data and log folders. */
public final class AgentProcess implements AutoCloseable {

    private final Path dir;
    private final Process process;

    private AgentProcess(Path dir, Process process) {
        this.dir = dir;
        this.process = process;
    }

    /** {@code extraConfig}: INI text appended to a config whose data and log folders are under {@code dir}. */
    static AgentProcess start(XServer server, Path dir, String extraConfig) throws IOException {
        return start(server, dir, "", extraConfig);
    }

    /** {@code agentKeys}: lines for the [agent] section (appliances, ca-certs-dir). */
    static AgentProcess start(XServer server, Path dir, String agentKeys, String extraConfig) throws IOException {
        return start(server, RepoRoot.path().resolve("tapin"), dir, agentKeys, extraConfig, Map.of());
    }

    /** {@code launcher}: the built tree's {@code ./tapin}, or an installed {@code /usr/bin/tapin}. */
    /** {@code environment}: added to the agent's, e.g. the socket of a test pcscd ({@code PcscStack.env()}). */
    public static AgentProcess start(XServer server, Path launcher, Path dir, String agentKeys, String extraConfig,
            Map<String, String> environment) throws IOException {
        Files.createDirectories(dir);
        Path config = dir.resolve("Imprivata.conf");
        Files.writeString(config, """
                [agent]
                data-dir = %s
                computer-name = WARD3-PC1
                %s

                [log]
                dir = %s
                level = DEBUG

                """.formatted(dir.resolve("data"), agentKeys, dir.resolve("log")) + extraConfig);
        ProcessBuilder builder = server.command(launcher.toString(), "--config", config.toString(), "agent")
                .directory(RepoRoot.path().toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("agent.out").toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        AgentProcess agent = new AgentProcess(dir, process);
        await().atMost(Duration.ofSeconds(30)).until(() -> agent.log().contains(" - Agent - INFO: agent running")
                || !process.isAlive());
        if (!process.isAlive()) {
            throw new IllegalStateException("agent ended: " + Files.readString(dir.resolve("agent.out")));
        }
        return agent;
    }

    public String log() throws IOException {
        return logFile("OneSignAgent.log");
    }

    /** What the lock-screen overlay printed (the agent appends its output to this file). */
    public String overlayLog() throws IOException {
        return logFile("LockScreen.log");
    }

    private String logFile(String name) throws IOException {
        Path file = dir.resolve("log").resolve(name);
        return Files.exists(file) ? Files.readString(file) : "";
    }

    /** Waits for the overlay to connect after start or a restart. */
    public ProcessHandle awaitOverlay() {
        await().atMost(Duration.ofSeconds(30)).until(() -> overlay().isPresent());
        return overlay().orElseThrow();
    }

    public Optional<ProcessHandle> overlay() {
        return process.children().filter(p -> p.info().commandLine().orElse("").contains("tapin-lockscreen.jar"))
                .filter(ProcessHandle::isAlive).findFirst();
    }

    Process process() {
        return process;
    }

    @Override
    public void close() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        keepLogs();
    }

    /** The agent's and overlay's logs outlive the test's temporary folder, for reading after a failure. */
    private void keepLogs() {
        try {
            Path target = Path.of("target", "agent-logs", dir.getFileName().toString());
            Files.createDirectories(target);
            try (var files = Files.list(dir.resolve("log"))) {
                for (Path log : files.toList()) {
                    Files.copy(log, target.resolve(log.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Files.copy(dir.resolve("agent.out"), target.resolve("agent.out"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            // nothing to keep
        }
    }
}
