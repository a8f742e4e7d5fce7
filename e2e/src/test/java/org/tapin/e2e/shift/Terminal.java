package org.tapin.e2e.shift;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tapin.e2e.appliance.ApplianceProcess;
import org.tapin.e2e.packages.SignedAgentPackages;
import org.tapin.testkit.RepoRoot;
import org.tapin.testkit.pcsc.PcscStack;
import org.tapin.testkit.pcsc.VirtualCard;
import org.tapin.testkit.tls.TlsMaterial;
import org.tapin.testkit.x11.XServer;

/**
 * One shared terminal as a site runs it, for the shift test and the soak: the reference appliance over TLS with
 * the agent packages published, pcscd with the virtual reader, and the loader started on the display with the
 * package it downloads from the appliance. Its logs, its reader and its loader's status, as a test uses them.
 */
public final class Terminal implements AutoCloseable {

    public final ApplianceProcess appliance;
    public final SignedAgentPackages packages;
    public final Path data;
    public final Path config;
    private final Path dir;
    private final String name;
    private final PcscStack pcsc;
    private final VirtualCard reader;
    private final List<String> loaderArgs;
    private Process loader;

    /** @param name where the logs are kept after the test: {@code target/agent-logs/NAME} */
    public Terminal(Path dir, TlsMaterial tls, String name) throws Exception {
        this.dir = dir;
        this.name = name;
        this.packages = new SignedAgentPackages(dir.resolve("packages"));
        this.appliance = new ApplianceProcess(Files.createDirectories(dir.resolve("appliance")), tls).start();
        this.pcsc = PcscStack.isolated();
        this.reader = pcsc.card(0);
        this.data = dir.resolve("data");
        this.config = Files.writeString(dir.resolve("Imprivata.conf"), """
                [agent]
                data-dir = %s
                computer-name = WARD3-PC2
                appliances = %s
                ca-certs-dir = %s

                [log]
                dir = %s
                """.formatted(data, appliance.uri(), tls.caFolder(), data.resolve("log")));
        this.loaderArgs = List.of("--config", config.toString(), "--home", dir.resolve("slots").toString(),
                "--keys", packages.trustedKeys().toString(), "--ca-certs", tls.caFolder().toString());
    }

    /** The default group's policy: walk-away in seconds, notifications allowed, and {@code moreAccess} entries. */
    public void policy(String moreAccess) throws Exception {
        appliance.adminOk("""
                {"lockScreenAccess": [{"nickname": "Desktop notifications", "wmClass": "Xfce4-notifyd", "allowAllVariants": true}%s],
                 "walkAway": {"hideSeconds": 4, "fadeSeconds": 2, "lockSeconds": 8}, "allowExit": false}
                """.formatted(moreAccess), "policy", "set", "default", "-");
    }

    /** Publishes agent {@code version} (this tree's) on the appliance and boots the loader with it from there. */
    public void boot(XServer display, String version) throws Exception {
        appliance.adminOk("", "package", "add", packages.realAgent(version).toString());
        ProcessBuilder pb = display.command(loaderCommand("--health-timeout", "90", "--tries", "2",
                "--package", appliance.uri() + "/v1/agent/packages/" + version).toArray(String[]::new));
        pb.environment().putAll(pcsc.env());
        loader = pb.redirectErrorStream(true).redirectOutput(dir.resolve("loader.out").toFile()).start();
        awaitBootLog("Agent " + version + " reported healthy");
        await().atMost(Duration.ofSeconds(60)).until(() -> agentLog().contains("badge reader available"));
    }

    public String agentLog() throws IOException {
        return read(data.resolve("log/OneSignAgent.log"));
    }

    public String bootLog() throws IOException {
        return read(data.resolve("log/bootstrap.log"));
    }

    public int count(String text) throws IOException {
        return agentLog().split(Pattern.quote(text), -1).length - 1;
    }

    public void awaitBootLog(String text) {
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(250)).until(() -> bootLog().contains(text));
    }

    public void tap(String badge) throws InterruptedException {
        reader.insert(badge);
        Thread.sleep(700); // on the reader a moment, as a hand does; longer than pcscd's 400 ms presence poll
        reader.remove();
        Thread.sleep(700);
    }

    /** What {@code tapin-bootstrap --status} prints: slots, versions, which is good, the last failure. */
    public String status() {
        try {
            Process p = new ProcessBuilder(loaderCommand("--status")).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
            return out;
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The running agent's pid, from {@code tapin-bootstrap --status}; -1 when none runs. */
    public long agentPid() {
        Matcher m = Pattern.compile("agent pid (\\d+)").matcher(status());
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private List<String> loaderCommand(String... more) {
        List<String> cmd = new ArrayList<>(List.of("java", "-jar",
                RepoRoot.path().resolve("bootstrap/target/tapin-bootstrap.jar").toString()));
        cmd.addAll(loaderArgs);
        cmd.addAll(List.of(more));
        return cmd;
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }

    /** Stops the loader (and the agent with it), the reader and the appliance; keeps the logs under target/. */
    @Override
    public void close() throws Exception {
        if (loader != null) {
            loader.descendants().forEach(ProcessHandle::destroyForcibly);
            loader.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        try {
            reader.close();
            pcsc.close();
        } finally {
            appliance.close();
            Path keep = Files.createDirectories(Path.of("target/agent-logs/" + name));
            if (Files.isDirectory(data.resolve("log"))) {
                try (var files = Files.list(data.resolve("log"))) {
                    for (Path f : files.filter(Files::isRegularFile).toList()) {
                        Files.copy(f, keep.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
    }
}
