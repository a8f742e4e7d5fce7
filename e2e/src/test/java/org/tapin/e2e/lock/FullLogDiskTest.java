package org.tapin.e2e.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.tapin.testkit.x11.PixelAssertions.assertThat;

import java.awt.Color;
import java.awt.Rectangle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.tapin.e2e.appliance.ApplianceProcess;
import org.tapin.testkit.RepoRoot;
import org.tapin.testkit.disk.TinyFilesystem;
import org.tapin.testkit.pcsc.PcscStack;
import org.tapin.testkit.pcsc.VirtualCard;
import org.tapin.testkit.tls.TlsMaterial;
import org.tapin.testkit.tls.TlsMaterialExtension;
import org.tapin.testkit.x11.XClients;
import org.tapin.testkit.x11.XServerExtension;
import org.tapin.testkit.x11.XTerm;
import org.tapin.x11.cover.Cover;

/**
 * The log partition of a thin client fills up (another program, a log storm): the agent cannot write a line,
 * and still locks and unlocks at every tap, stays up, and every audit event reaches the appliance, also when
 * the audit journal is on the full partition too. What it did
 * is judged by the screen and the appliance's audit trail, since its own log can say nothing.
 */
@ExtendWith(TlsMaterialExtension.class)
class FullLogDiskTest {

    @RegisterExtension
    static final XServerExtension X = XServerExtension.withOpenbox().size(1024, 768);

    static final Color PATIENT_DATA = new Color(0x20, 0xA0, 0x60);
    static final Rectangle IN_XTERM = new Rectangle(20, 40, 300, 200);
    static final String GREY = "04A1B2C3";
    static final int CYCLES = 5;

    @AfterEach
    void removeTheCoverTheAgentLeft() {
        LeftoverCover.remove(X.server());
    }

    @Test
    void withTheLogFolderFullTheAgentKeepsLockingAndUnlockingAndLosesNoAuditEvent(TlsMaterial tls, @TempDir Path dir)
            throws Exception {
        Path agentDir = dir.resolve("agent");
        try (TinyFilesystem disk = TinyFilesystem.mount(Files.createDirectories(agentDir.resolve("log")), 512)) {
            tapThroughAFullDisk(tls, dir, agentDir, disk);
        }
    }

    /**
     * As on an IGEL endpoint by default, the log folder is inside the data folder, on one partition: the audit
     * journal cannot write either, and keeps the events in memory until it can.
     */
    @Test
    void withTheWholeDataFolderFullTheAuditEventsStillArrive(TlsMaterial tls, @TempDir Path dir) throws Exception {
        Path agentDir = Files.createDirectories(dir.resolve("agent"));
        // Room for the lock screen's native libraries, which JavaFX unpacks into the data folder at start.
        try (TinyFilesystem disk = TinyFilesystem.mount(agentDir, 64 * 1024)) {
            tapThroughAFullDisk(tls, dir, agentDir, disk);
        }
    }

    private static void tapThroughAFullDisk(TlsMaterial tls, Path dir, Path agentDir, TinyFilesystem disk) throws Exception {
        try (ApplianceProcess appliance = new ApplianceProcess(Files.createDirectories(dir.resolve("appliance")), tls).start();
                PcscStack pcsc = PcscStack.isolated(); VirtualCard reader = pcsc.card(0);
                XClients clients = new XClients(X.server())) {
            appliance.adminOk("Grey-Taps-1n\n", "user", "add", "drgrey", "--display-name", "Dr Grey", "--password-stdin");
            appliance.adminOk("", "badge", "link", GREY, "drgrey");
            clients.xterm(XTerm.withBackground(PATIENT_DATA).withGeometry("120x40+0+0"));
            String agentKeys = "appliances = " + appliance.uri() + "\nca-certs-dir = " + tls.caFolder();
            try (AgentProcess agent = AgentProcess.start(X.server(), RepoRoot.path().resolve("tapin"), agentDir, agentKeys, "",
                    pcsc.env())) {
                agent.awaitOverlay();
                await().atMost(Duration.ofSeconds(20)).until(() -> agent.log().contains("badge reader available"));
                awaitLocked();

                long filled = disk.fill();
                assertThat(disk.isFull()).as("the disk is full after %d bytes of filler", filled).isTrue();

                for (int i = 1; i <= CYCLES; i++) {
                    tap(reader);
                    awaitUnlocked();
                    tap(reader);
                    awaitLocked();
                }
                assertThat(agent.process().isAlive()).as("the agent is still running").isTrue();
                assertThat(agent.overlay()).as("the lock screen is still running").isPresent();
                // The log's last page held a few more lines, then nothing: most of the unlocks are not in it.
                assertThat(disk.isFull()).isTrue();
                assertThat(agent.log().split("-> UNLOCKED\\(drgrey\\)", -1).length - 1).as("unlocks the full log holds")
                        .isLessThan(CYCLES);

                // Every tap in and every tap out was recorded and delivered, though the log could say nothing.
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    List<String> events = appliance.adminOk("", "audit", "list", "--user", "drgrey", "--limit", "1000").out()
                            .lines().toList();
                    assertThat(events.stream().filter(e -> e.contains("\tunlock\t") || e.contains("\tresume\t")).count())
                            .as("unlocks in %s", events).isEqualTo(CYCLES);
                    assertThat(events.stream().filter(e -> e.contains("\ttap-out\t")).count())
                            .as("taps out in %s", events).isEqualTo(CYCLES);
                });
                // Where the journal is on the full disk, not all events went through its files: some were kept in
                // memory only, and arrived all the same. (On a disk with room, every one of them is in the files.)
                Path journal = agentDir.resolve("data").resolve("audit");
                long onDisk = 0;
                try (var segments = Files.list(journal)) {
                    for (Path segment : segments.filter(p -> p.toString().endsWith(".jsonl")).toList()) {
                        onDisk += Files.readAllLines(segment).stream().filter(l -> l.contains("drgrey")).count();
                    }
                }
                System.out.printf("audit events of drgrey in the journal's files: %d of %d%n", onDisk, 2 * CYCLES);
                assertThat(onDisk).as("events in the journal's files")
                        .isEqualTo(journal.startsWith(disk.path()) ? 0 : 2 * CYCLES);
            }
        }
    }

    private static void tap(VirtualCard reader) throws InterruptedException {
        reader.insert(GREY);
        Thread.sleep(900); // on the reader a moment, as a hand does; longer than pcscd's 400 ms presence poll
        reader.remove();
        Thread.sleep(700);
    }

    private static void awaitUnlocked() {
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(X.server().screenshot()).inRegion(IN_XTERM).everyPixelIs(PATIENT_DATA));
    }

    private static void awaitLocked() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(X.server().screenshot()).inRegion(LockScreenPixels.CORNER).everyPixelIs(LockScreenPixels.BACKGROUND));
    }
}
