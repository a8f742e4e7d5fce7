package org.tapin.e2e.appliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.tapin.agent.appliance.ApplianceTransport;
import org.tapin.agent.appliance.CaFolderTrust;
import org.tapin.agent.appliance.client.ApplianceAuthenticator;
import org.tapin.agent.appliance.client.ApplianceClient;
import org.tapin.agent.appliance.client.CredentialFile;
import org.tapin.agent.appliance.client.EndpointFacts;
import org.tapin.agent.config.TapinConfig;
import org.tapin.agent.reader.BadgeId;
import org.tapin.agent.session.Outcome;
import org.tapin.agent.session.User;
import org.tapin.e2e.bench.Stats;
import org.tapin.testkit.tls.TlsMaterial;
import org.tapin.testkit.tls.TlsMaterialExtension;

/**
 * One tap's round trip from the agent to the real appliance process over a warm TLS connection on loopback, one
 * tap at a time (goal: median ≤ 5 ms). Measured where the session sees it: from {@code verifyBadge} to the
 * outcome handed to the session, through the agent's own client (its executor, OkHttp, the appliance's decision
 * and its durable audit event). The same call without the executor hop is measured in turn with it, to tell the
 * two apart. Prints the figures; asserts only that every tap was answered, never how fast.
 */
@ExtendWith(TlsMaterialExtension.class)
class BadgeRoundTripTest {

    static final int WARMUP_TAPS = 500;
    static final int MEASURED_TAPS = 1000;
    static final TapinConfig.Ssl TIMEOUTS = new TapinConfig.Ssl(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5));
    static final String BADGE = "04A1B2C3D4E5F6";

    @Test
    void aWarmTapRoundTrip(TlsMaterial tls, @TempDir Path dir) throws Exception {
        try (ApplianceProcess appliance = new ApplianceProcess(dir, tls).start()) {
            appliance.adminOk("Link-Test-pw7\n", "user", "add", "alice", "--display-name", "Alice Example", "--password-stdin");
            appliance.adminOk("", "badge", "link", BADGE, "alice");
            OkHttpClient http = ApplianceTransport.client(CaFolderTrust.load(tls.caFolder()).trustManager(), TIMEOUTS);
            ApplianceClient client = new ApplianceClient(http, List.of(appliance.uri()), new CredentialFile(dir.resolve("agent")),
                    EndpointFacts.collect("bench-tap", "", ""), null);
            BlockingQueue<Outcome> outcomes = new LinkedBlockingQueue<>();
            Outcome alice = new Outcome.Ok(new User("alice", "Alice Example"));
            byte[] body = ("{\"badge\":\"" + BADGE + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            double[] taps = new double[MEASURED_TAPS];
            double[] calls = new double[MEASURED_TAPS];
            try (ApplianceAuthenticator auth = new ApplianceAuthenticator(client, (attempt, outcome) -> outcomes.add(outcome))) {
                for (int i = -WARMUP_TAPS; i < MEASURED_TAPS; i++) {
                    long t0 = System.nanoTime();
                    auth.verifyBadge(i, new BadgeId(BADGE));
                    Outcome outcome = outcomes.poll(20, TimeUnit.SECONDS);
                    long t1 = System.nanoTime();
                    assertThat(outcome).isEqualTo(alice);
                    long t2 = System.nanoTime();
                    assertThat(client.authenticate("v1/auth/badge", body, true).path("result").asText()).isEqualTo("ok");
                    long t3 = System.nanoTime();
                    if (i >= 0) {
                        taps[i] = (t1 - t0) / 1e6;
                        calls[i] = (t3 - t2) / 1e6;
                    }
                }
            }
            String parameters = String.format("%d taps after %d warm-up, one at a time, TLS keep-alive on loopback, embedded store",
                    MEASURED_TAPS, WARMUP_TAPS);
            System.out.println(Stats.of(taps).line("warm tap round trip, verifyBadge → outcome (goal median 5 ms)", "ms", parameters));
            System.out.println(Stats.of(calls).line("warm badge call alone, ApplianceClient.authenticate", "ms", parameters));
            long events = appliance.adminOk("", "audit", "list", "--type", "auth.badge", "--limit", "100000").out().lines().count();
            assertThat(events).as("one durable audit event per tap and per call").isEqualTo(2L * (WARMUP_TAPS + MEASURED_TAPS));
        }
    }
}
