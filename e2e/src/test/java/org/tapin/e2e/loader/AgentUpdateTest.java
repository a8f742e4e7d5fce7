package org.tapin.e2e.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.tapin.testkit.x11.PixelAssertions.assertThat;

import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.tapin.e2e.appliance.ApplianceProcess;
import org.tapin.e2e.lock.ExposureWatch;
import org.tapin.e2e.packages.SignedAgentPackages;
import org.tapin.testkit.RepoRoot;
import org.tapin.testkit.tls.TlsMaterial;
import org.tapin.testkit.tls.TlsMaterialExtension;
import org.tapin.testkit.x11.XClients;
import org.tapin.testkit.x11.XServerExtension;
import org.tapin.testkit.x11.XTerm;
import org.tapin.x11.cover.Cover;

/**
 * Agent versions driven by the appliance, against real parts: the reference appliance over TLS serves signed
 * packages of this tree's agent, the admin names a version for the endpoints' group, the running agent fetches it
 * at the idle lock, the real loader verifies, self-tests and switches to it; a version that dies at every start is
 * rolled back by the loader, and the appliance's audit trail shows both, with the display locked throughout.
 */
@ExtendWith(TlsMaterialExtension.class)
class AgentUpdateTest {

    @RegisterExtension
    static final XServerExtension X = XServerExtension.withOpenbox().size(1024, 768);

    static final Color PATIENT_DATA = new Color(0xC0, 0x20, 0x90);

    @TempDir
    Path dir;
    private Process loader;

    @AfterEach
    void stop() throws Exception {
        if (loader != null) {
            loader.descendants().forEach(ProcessHandle::destroyForcibly);
            loader.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        try (Cover leftover = new Cover(X.server().display()).start()) {
            leftover.dispose();
        }
        // the logs outlive the temporary folder, for whoever reads a failure
        Path keep = Files.createDirectories(Path.of("target/agent-logs/agent-update"));
        Path logs = dir.resolve("data/log");
        if (Files.isDirectory(logs)) {
            try (var files = Files.list(logs)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    Files.copy(f, keep.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    @Test
    void aPublishedVersionInstallsAtTheIdleLockAndABrokenOneIsRolledBackAndAudited(TlsMaterial tls) throws Exception {
        SignedAgentPackages packages = new SignedAgentPackages(dir.resolve("packages"));
        Path data = dir.resolve("data");
        Path slots = dir.resolve("slots");
        try (ApplianceProcess appliance = new ApplianceProcess(Files.createDirectories(dir.resolve("appliance")), tls).start();
                XClients clients = new XClients(X.server())) {
            // What the lock hides: a clinician's window, full screen, in a colour nothing else on the screen has.
            clients.xterm(XTerm.withBackground(PATIENT_DATA).withGeometry("200x80+0+0"));
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(X.server().screenshot()).inRegion(new java.awt.Rectangle(20, 40, 300, 200)).everyPixelIs(PATIENT_DATA));
            appliance.adminOk("", "package", "add", packages.realAgent("2.0.0").toString());
            appliance.adminOk("", "package", "add", packages.crashingAgent("3.0.0").toString());
            Path config = Files.writeString(dir.resolve("Imprivata.conf"), """
                    [agent]
                    data-dir = %s
                    computer-name = WARD3-PC2
                    appliances = %s
                    ca-certs-dir = %s

                    [log]
                    dir = %s
                    """.formatted(data, appliance.uri(), tls.caFolder(), data.resolve("log")));
            List<String> loaderArgs = List.of("--config", config.toString(), "--home", slots.toString(),
                    "--keys", packages.trustedKeys().toString());

            loader = X.server().command(loaderCommand(loaderArgs, "--health-timeout", "90", "--tries", "2",
                            "--package", packages.realAgent("1.0.0").toString()).toArray(String[]::new))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("loader.out").toFile()).start();
            awaitBootLog(data, "Agent 1.0.0 reported healthy");
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(X.server().screenshot()).hasNoPixel(PATIENT_DATA));
            awaitAudit(appliance, "agent.installed", "version 1.0.0 passed probation");

            ExposureWatch watch = ExposureWatch.start(X.server(), "agent-update", PATIENT_DATA);
            appliance.adminOk("", "package", "run", "default", "2.0.0");
            awaitBootLog(data, "Agent 2.0.0 reported healthy");
            String bootLog = read(data.resolve("log/bootstrap.log"));
            assertThat(bootLog).contains("Stopping agent 1.0.0 to switch versions (the endpoint is idle at the lock)",
                    "Version 2.0.0 verified, passed its self-test and was installed in slot b");
            awaitAudit(appliance, "agent.update.fetched", "version 2.0.0");
            awaitAudit(appliance, "agent.installed", "version 2.0.0 passed probation in slot b");
            String before = status(loaderArgs);

            appliance.adminOk("", "package", "run", "default", "3.0.0");
            awaitBootLog(data, "Version 3.0.0 rolled back and quarantined");
            awaitBootLog(data, "Agent 2.0.0 started from slot b");
            awaitAudit(appliance, "agent.rolled-back", "Version 3.0.0 rolled back and quarantined");
            String after = status(loaderArgs);
            watch.close();
            X.server().screenshot(Path.of("target/screenshots/agent-update-after-rollback.png"));

            System.out.println("--status before:\n" + before + "--status after the rollback:\n" + after);
            System.out.print(read(data.resolve("log/bootstrap.log")));
            assertThat(before).contains("current, good").contains("slot b: 2.0.0").contains("quarantined: none");
            assertThat(after).contains("slot b: 2.0.0, current, good").contains("quarantined: 3.0.0")
                    .contains("last failure: Version 3.0.0 rolled back and quarantined");
            assertThat(watch.exposedAt()).as("screenshots that showed the clinician's window while versions switched").isEmpty();
            assertThat(watch.samples()).isGreaterThan(10);
            assertThat(read(data.resolve("log/OneSignAgent.log")))
                    .contains("which the loader rolled back and quarantined: keeping 2.0.0");
        }
    }

    private static List<String> loaderCommand(List<String> common, String... more) {
        List<String> cmd = new ArrayList<>(List.of("java", "-jar",
                RepoRoot.path().resolve("bootstrap/target/tapin-bootstrap.jar").toString()));
        cmd.addAll(common);
        cmd.addAll(List.of(more));
        return cmd;
    }

    private String status(List<String> loaderArgs) throws Exception {
        Process p = new ProcessBuilder(loaderCommand(loaderArgs, "--status")).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    private static void awaitBootLog(Path data, String text) {
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(250))
                .until(() -> read(data.resolve("log/bootstrap.log")).contains(text));
    }

    private static void awaitAudit(ApplianceProcess appliance, String type, String detail) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> appliance.adminOk("", "audit", "list", "--type", type).out().contains(detail));
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }
}
