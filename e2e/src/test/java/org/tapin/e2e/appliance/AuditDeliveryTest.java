package org.tapin.e2e.appliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.tapin.agent.appliance.ApplianceTransport;
import org.tapin.agent.appliance.CaFolderTrust;
import org.tapin.agent.appliance.client.ApplianceClient;
import org.tapin.agent.appliance.client.AuditUploader;
import org.tapin.agent.appliance.client.CredentialFile;
import org.tapin.agent.appliance.client.EndpointFacts;
import org.tapin.agent.audit.AuditJournal;
import org.tapin.agent.config.TapinConfig;
import org.tapin.agent.session.User;
import org.tapin.testkit.tls.TlsMaterial;
import org.tapin.testkit.tls.TlsMaterialExtension;

/**
 * 10,000 audit events while the appliance is killed (SIGKILL) and restarted twice and the agent's uploader
 * and journal are closed and reopened once in the middle: every event is stored on the appliance exactly once.
 */
@ExtendWith(TlsMaterialExtension.class)
class AuditDeliveryTest {

    static final int EVENTS = 10_000;
    static final TapinConfig.Ssl TIMEOUTS = new TapinConfig.Ssl(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(3));

    @Test
    void tenThousandEventsThroughTwoApplianceCrashesAndAnAgentRestartArriveExactlyOnce(TlsMaterial tls, @TempDir Path dir)
            throws Exception {
        Path data = dir.resolve("agent");
        long started = System.nanoTime();
        try (ApplianceProcess appliance = new ApplianceProcess(dir, tls).start()) {
            AuditJournal journal = AuditJournal.open(data.resolve("audit"));
            AuditUploader uploader = new AuditUploader(client(tls, appliance, data), journal).start();
            User alice = new User("alice", "Alice Example");
            for (int i = 1; i <= EVENTS; i++) {
                uploader.record("e2e.bulk", alice, "event " + i);
                switch (i) {
                    case 2_500 -> appliance.kill();
                    case 4_000 -> appliance.start();
                    case 5_000 -> { // the agent restarts: journal and uploader closed, opened again from disk
                        uploader.close();
                        journal.close();
                        journal = AuditJournal.open(data.resolve("audit"));
                        uploader = new AuditUploader(client(tls, appliance, data), journal).start();
                    }
                    case 7_000 -> appliance.kill();
                    default -> { }
                }
            }
            long recorded = System.nanoTime();
            appliance.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            while (journal.size() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(journal.size()).as("every event acknowledged").isZero();
            long delivered = System.nanoTime();
            uploader.close();
            journal.close();

            List<String> lines = appliance.adminOk("", "audit", "list", "--type", "e2e.bulk", "--limit", "100000").out().lines().toList();
            Set<String> ids = new HashSet<>();
            Set<String> details = new HashSet<>();
            for (String line : lines) {
                String[] f = line.split("\t");
                ids.add(f[5]);
                details.add(f[6]);
            }
            assertThat(lines).hasSize(EVENTS);
            assertThat(ids).hasSize(EVENTS);
            assertThat(details).hasSize(EVENTS).contains("event 1", "event 2500", "event 5000", "event " + EVENTS);
            System.out.printf("%d audit events: recorded in %.1f s, all delivered %.1f s later, each stored once%n",
                    EVENTS, (recorded - started) / 1e9, (delivered - recorded) / 1e9);
        }
    }

    private static ApplianceClient client(TlsMaterial tls, ApplianceProcess appliance, Path data) throws Exception {
        OkHttpClient http = ApplianceTransport.client(CaFolderTrust.load(tls.caFolder()).trustManager(), TIMEOUTS);
        return new ApplianceClient(http, List.of(appliance.uri()), new CredentialFile(data),
                EndpointFacts.collect("e2e-bulk", "0.1.0", ""), null);
    }
}
