package org.tapin.e2e.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.tapin.testkit.x11.PixelAssertions.assertThat;

import java.awt.Color;
import java.awt.Rectangle;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.tapin.e2e.appliance.ApplianceProcess;
import org.tapin.e2e.lock.ExposureWatch;
import org.tapin.e2e.lock.LeftoverCover;
import org.tapin.e2e.shift.Terminal;
import org.tapin.testkit.tls.TlsMaterial;
import org.tapin.testkit.tls.TlsMaterialExtension;
import org.tapin.testkit.x11.XClients;
import org.tapin.testkit.x11.XServerExtension;
import org.tapin.testkit.x11.XTerm;

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

    @AfterEach
    void removeTheCoverTheAgentLeft() {
        LeftoverCover.remove(X.server());
    }

    @Test
    void aPublishedVersionInstallsAtTheIdleLockAndABrokenOneIsRolledBackAndAudited(TlsMaterial tls) throws Exception {
        try (Terminal terminal = new Terminal(dir, tls, "agent-update"); XClients clients = new XClients(X.server())) {
            ApplianceProcess appliance = terminal.appliance;
            // What the lock hides: a clinician's window, full screen, in a colour nothing else on the screen has.
            clients.xterm(XTerm.withBackground(PATIENT_DATA).withGeometry("200x80+0+0"));
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(X.server().screenshot()).inRegion(new Rectangle(20, 40, 300, 200)).everyPixelIs(PATIENT_DATA));
            appliance.adminOk("", "package", "add", terminal.packages.realAgent("2.0.0").toString());
            appliance.adminOk("", "package", "add", terminal.packages.crashingAgent("3.0.0").toString());

            terminal.boot(X.server(), "1.0.0");
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(X.server().screenshot()).hasNoPixel(PATIENT_DATA));
            awaitAudit(appliance, "agent.installed", "version 1.0.0 passed probation");

            ExposureWatch watch = ExposureWatch.start(X.server(), "agent-update", PATIENT_DATA);
            appliance.adminOk("", "package", "run", "default", "2.0.0");
            terminal.awaitBootLog("Agent 2.0.0 reported healthy");
            assertThat(terminal.bootLog()).contains("Stopping agent 1.0.0 to switch versions (the endpoint is idle at the lock)",
                    "Version 2.0.0 verified, passed its self-test and was installed in slot b");
            awaitAudit(appliance, "agent.update.fetched", "version 2.0.0");
            awaitAudit(appliance, "agent.installed", "version 2.0.0 passed probation in slot b");
            String before = terminal.status();

            appliance.adminOk("", "package", "run", "default", "3.0.0");
            terminal.awaitBootLog("Version 3.0.0 rolled back and quarantined");
            terminal.awaitBootLog("Agent 2.0.0 started from slot b");
            awaitAudit(appliance, "agent.rolled-back", "Version 3.0.0 rolled back and quarantined");
            String after = terminal.status();
            watch.close();
            X.server().screenshot(Path.of("target/screenshots/agent-update-after-rollback.png"));

            System.out.println("--status before:\n" + before + "--status after the rollback:\n" + after);
            System.out.print(terminal.bootLog());
            assertThat(before).contains("current, good").contains("slot b: 2.0.0").contains("quarantined: none");
            assertThat(after).contains("slot b: 2.0.0, current, good").contains("quarantined: 3.0.0")
                    .contains("last failure: Version 3.0.0 rolled back and quarantined");
            assertThat(watch.exposedAt()).as("screenshots that showed the clinician's window while versions switched").isEmpty();
            assertThat(watch.samples()).isGreaterThan(10);
            assertThat(terminal.agentLog()).contains("which the loader rolled back and quarantined: keeping 2.0.0");
        }
    }

    private static void awaitAudit(ApplianceProcess appliance, String type, String detail) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> appliance.adminOk("", "audit", "list", "--type", type).out().contains(detail));
    }
}
