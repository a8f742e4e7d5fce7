package org.tapin.e2e.appliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.tapin.agent.appliance.ApplianceTransport;
import org.tapin.agent.appliance.CaFolderTrust;
import org.tapin.agent.appliance.client.ApplianceAuthenticator;
import org.tapin.agent.appliance.client.ApplianceClient;
import org.tapin.agent.appliance.client.AuditUploader;
import org.tapin.agent.appliance.client.CredentialFile;
import org.tapin.agent.appliance.client.EndpointFacts;
import org.tapin.agent.appliance.client.PolicyWatcher;
import org.tapin.agent.audit.AuditJournal;
import org.tapin.agent.config.TapinConfig;
import org.tapin.agent.reader.BadgeId;
import org.tapin.agent.session.Outcome;
import org.tapin.agent.session.Secret;
import org.tapin.agent.session.User;
import org.tapin.testkit.tls.TlsMaterial;
import org.tapin.testkit.tls.TlsMaterialExtension;

/**
 * The agent's appliance client against the real reference appliance: a separate process, real TLS with the
 * generated test CA, the admin command setting things up. Registration, a badge tap, enrollment of an unknown
 * badge, a policy change arriving by long-poll, and an audit event recorded while the appliance is down.
 */
@ExtendWith(TlsMaterialExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApplianceLinkTest {

    static final TapinConfig.Ssl TIMEOUTS = new TapinConfig.Ssl(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(3));

    @TempDir
    static Path dir;

    private TlsMaterial tls;
    private ApplianceProcess appliance;

    @BeforeAll
    void startAppliance(TlsMaterial tls) throws Exception {
        this.tls = tls;
        appliance = new ApplianceProcess(dir, tls).start();
        appliance.adminOk("Link-Test-pw7\n", "user", "add", "alice", "--display-name", "Alice Example", "--password-stdin");
        appliance.adminOk("", "badge", "link", "04A1B2C3D4E5F6", "alice");
    }

    @AfterAll
    void stopAppliance() throws Exception {
        if (appliance != null) {
            appliance.close();
        }
    }

    private ApplianceClient client(Path data) throws Exception {
        OkHttpClient http = ApplianceTransport.client(CaFolderTrust.load(tls.caFolder()).trustManager(), TIMEOUTS);
        return new ApplianceClient(http, List.of(appliance.uri()), new CredentialFile(data),
                EndpointFacts.collect("e2e-ward3-07", "0.1.0", "0.1.0"), null);
    }

    @Test
    void registersThenATapIsTheUserAndAnUnknownBadgeIsEnrolledWithAPassword(@TempDir Path data) throws Exception {
        BlockingQueue<Outcome> outcomes = new LinkedBlockingQueue<>();
        try (ApplianceAuthenticator auth = new ApplianceAuthenticator(client(data), (attempt, outcome) -> outcomes.add(outcome))) {
            auth.verifyBadge(1, new BadgeId("04A1B2C3D4E5F6"));
            assertThat(outcomes.poll(20, TimeUnit.SECONDS)).isEqualTo(new Outcome.Ok(new User("alice", "Alice Example")));
            assertThat(appliance.adminOk("", "endpoint", "list").out()).contains("e2e-ward3-07\tdefault\tactive");

            BadgeId fresh = new BadgeId("0BADBEEF0042");
            auth.verifyBadge(2, fresh);
            assertThat(outcomes.poll(20, TimeUnit.SECONDS)).isEqualTo(new Outcome.UnknownBadge(fresh));

            auth.enroll(3, fresh, "alice", Secret.wrap("wrong".toCharArray()));
            assertThat(outcomes.poll(20, TimeUnit.SECONDS)).isEqualTo(new Outcome.Denied("Wrong user name or password."));
            auth.enroll(4, fresh, "alice", Secret.wrap("Link-Test-pw7".toCharArray()));
            assertThat(outcomes.poll(20, TimeUnit.SECONDS)).isEqualTo(new Outcome.Ok(new User("alice", "Alice Example")));

            long t0 = System.nanoTime();
            auth.verifyBadge(5, fresh);
            assertThat(outcomes.poll(20, TimeUnit.SECONDS)).isEqualTo(new Outcome.Ok(new User("alice", "Alice Example")));
            System.out.printf("warm badge round trip: %.1f ms%n", (System.nanoTime() - t0) / 1e6);

            auth.verifyPassword(6, "alice", Secret.wrap("Link-Test-pw7".toCharArray()));
            assertThat(outcomes.poll(20, TimeUnit.SECONDS)).isInstanceOf(Outcome.Ok.class);
        }
        String audit = appliance.adminOk("", "audit", "list", "--limit", "1000").out();
        assertThat(audit).contains("auth.badge\talice").contains("auth.enroll\talice").contains("unknown-badge")
                .doesNotContain("Link-Test-pw7").doesNotContain("0BADBEEF0042");
    }

    @Test
    void aPolicyChangeArrivesWithinSecondsByLongPoll(@TempDir Path data) throws Exception {
        BlockingQueue<PolicyWatcher.Update> updates = new LinkedBlockingQueue<>();
        ApplianceClient client = client(data);
        try (PolicyWatcher watcher = new PolicyWatcher(client, data, updates::add).start()) {
            PolicyWatcher.Update first = updates.poll(20, TimeUnit.SECONDS);
            assertThat(first).isNotNull();
            assertThat(first.group()).isEqualTo("default");
            Thread.sleep(1000); // the watcher is now holding a long-poll
            Path policy = dir.resolve("policy.json");
            java.nio.file.Files.writeString(policy, "{\"lockScreenAccess\":[{\"nickname\":\"Conky\",\"wmClass\":\"Conky\","
                    + "\"allowAllVariants\":true}],\"walkAway\":{\"hideSeconds\":0,\"fadeSeconds\":20,\"lockSeconds\":40}}");
            long started = System.nanoTime();
            appliance.adminOk("", "policy", "set", "default", policy.toString());
            long done = System.nanoTime();
            PolicyWatcher.Update changed = updates.poll(5, TimeUnit.SECONDS);
            long arrived = System.nanoTime();
            assertThat(changed).as("a policy change within 5 s of the admin command").isNotNull();
            assertThat(changed.policyJson()).contains("Conky").contains("\"lockSeconds\":40");
            assertThat(changed.etag()).isNotEqualTo(first.etag());
            assertThat(changed.fromCache()).isFalse();
            System.out.printf("policy change: admin command %.0f ms, then on the agent after %.0f ms%n",
                    (done - started) / 1e6, (arrived - done) / 1e6);
            assertThat(Duration.ofNanos(arrived - done)).isLessThan(Duration.ofSeconds(2));
        }
        // A restart with no appliance still has the last good policy.
        BlockingQueue<PolicyWatcher.Update> cached = new LinkedBlockingQueue<>();
        OkHttpClient http = ApplianceTransport.client(CaFolderTrust.load(tls.caFolder()).trustManager(), TIMEOUTS);
        ApplianceClient nowhere = new ApplianceClient(http, List.of(java.net.URI.create("https://localhost:"
                + org.tapin.testkit.FreePorts.loopback())), new CredentialFile(data), EndpointFacts.collect("x", "", ""), null);
        try (PolicyWatcher watcher = new PolicyWatcher(nowhere, data, cached::add).start()) {
            PolicyWatcher.Update fromDisk = cached.poll(5, TimeUnit.SECONDS);
            assertThat(fromDisk).isNotNull();
            assertThat(fromDisk.fromCache()).isTrue();
            assertThat(fromDisk.policyJson()).contains("Conky");
        }
    }

    @Test
    void anAuditEventRecordedDuringAnOutageArrivesOnceAfterIt(@TempDir Path data) throws Exception {
        ApplianceClient client = client(data);
        client.credential(); // registered while the appliance is up
        try (AuditJournal journal = AuditJournal.open(data.resolve("audit"));
                AuditUploader uploader = new AuditUploader(client, journal).start()) {
            uploader.record("e2e.before-outage", new User("alice", "Alice Example"), "sent at once");
            waitForAudit("e2e.before-outage", 1);

            appliance.kill();
            uploader.record("e2e.during-outage", new User("alice", "Alice Example"), "recorded while the appliance is down");
            Thread.sleep(3000); // the uploader tries and fails meanwhile
            assertThat(journal.size()).as("the event waits on disk").isEqualTo(1);

            appliance.start();
            waitForAudit("e2e.during-outage", 1);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (journal.size() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(journal.size()).as("acknowledged after delivery").isZero();
        }
        assertThat(appliance.adminOk("", "audit", "list", "--type", "e2e.during-outage").out().lines().count()).isEqualTo(1);
        assertThat(appliance.adminOk("", "audit", "list", "--type", "e2e.before-outage").out().lines().count()).isEqualTo(1);
    }

    private void waitForAudit(String type, int count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String out = "";
        while (System.nanoTime() < deadline) {
            out = appliance.adminOk("", "audit", "list", "--type", type).out();
            if (out.lines().count() >= count) {
                assertThat(out.lines().count()).isEqualTo(count);
                assertThat(out).contains("\tagent\t").contains("\talice\t");
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no " + type + " event on the appliance within 60 s: " + out);
    }
}
