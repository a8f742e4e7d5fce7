package org.tapin.e2e.appliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.ConnectionPool;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.tapin.agent.appliance.ApplianceTransport;
import org.tapin.agent.appliance.CaFolderTrust;
import org.tapin.agent.appliance.client.ApplianceClient;
import org.tapin.agent.appliance.client.CredentialFile;
import org.tapin.agent.appliance.client.EndpointFacts;
import org.tapin.agent.config.TapinConfig;
import org.tapin.testkit.tls.TlsMaterial;
import org.tapin.testkit.tls.TlsMaterialExtension;

/**
 * Badge authentications per second against the real appliance process over TLS with keep-alive: 50 concurrent
 * clients, the embedded store (every decision's audit event durable before its answer, group-committed). Prints
 * the figures; asserts only a floor far below the goal (1,000/s, p99 ≤ 50 ms), so a slow CI machine does not fail
 * the build over a number.
 */
@ExtendWith(TlsMaterialExtension.class)
class BadgeThroughputTest {

    static final int CLIENTS = 50;
    static final Duration WARMUP = Duration.ofSeconds(3);
    static final Duration MEASURE = Duration.ofSeconds(8);

    @Test
    void badgeAuthenticationsPerSecond(TlsMaterial tls, @TempDir Path dir) throws Exception {
        try (ApplianceProcess appliance = new ApplianceProcess(dir, tls).start()) {
            appliance.adminOk("Link-Test-pw7\n", "user", "add", "alice", "--password-stdin");
            appliance.adminOk("", "badge", "link", "04A1B2C3D4E5F6", "alice");
            TapinConfig.Ssl ssl = new TapinConfig.Ssl(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(5));
            OkHttpClient http = ApplianceTransport.client(CaFolderTrust.load(tls.caFolder()).trustManager(), ssl).newBuilder()
                    .connectionPool(new ConnectionPool(CLIENTS + 10, 5, TimeUnit.MINUTES)).build();
            String credential = new ApplianceClient(http, List.of(appliance.uri()), new CredentialFile(dir.resolve("agent")),
                    EndpointFacts.collect("bench", "", ""), null).credential().secret();
            Request request = new Request.Builder().url(appliance.uri().resolve("/v1/auth/badge").toString())
                    .header("Authorization", "Bearer " + credential)
                    .post(RequestBody.create("{\"badge\":\"04A1B2C3D4E5F6\"}", MediaType.get("application/json"))).build();

            long warmEnd = System.nanoTime() + WARMUP.toNanos();
            long end = warmEnd + MEASURE.toNanos();
            AtomicInteger failures = new AtomicInteger();
            List<long[]> perClient = new ArrayList<>();
            CountDownLatch done = new CountDownLatch(CLIENTS);
            for (int c = 0; c < CLIENTS; c++) {
                long[] samples = new long[200_000];
                perClient.add(samples);
                Thread t = new Thread(() -> {
                    int n = 0;
                    try {
                        while (true) {
                            long t0 = System.nanoTime();
                            if (t0 >= end) {
                                break;
                            }
                            try (Response r = http.newCall(request).execute()) {
                                r.body().string();
                                if (r.code() != 200) {
                                    failures.incrementAndGet();
                                }
                            } catch (Exception e) {
                                failures.incrementAndGet();
                            }
                            long t1 = System.nanoTime();
                            if (t0 >= warmEnd && t1 <= end && n < samples.length - 1) {
                                samples[++n] = t1 - t0;
                            }
                        }
                    } finally {
                        samples[0] = n;
                        done.countDown();
                    }
                });
                t.setDaemon(true);
                t.start();
            }
            assertThat(done.await(WARMUP.plus(MEASURE).toSeconds() + 60, TimeUnit.SECONDS)).isTrue();
            int total = perClient.stream().mapToInt(s -> (int) s[0]).sum();
            long[] all = new long[total];
            int i = 0;
            for (long[] s : perClient) {
                System.arraycopy(s, 1, all, i, (int) s[0]);
                i += (int) s[0];
            }
            Arrays.sort(all);
            double perSecond = total / (MEASURE.toNanos() / 1e9);
            double p50 = all[total / 2] / 1e6;
            double p99 = all[(int) (total * 0.99)] / 1e6;
            System.out.printf("badge auth over TLS, %d clients, keep-alive, embedded store: %.0f/s, p50 %.1f ms, p99 %.1f ms,"
                    + " %d failures (%d requests in %d s after %d s warm-up)%n", CLIENTS, perSecond, p50, p99, failures.get(),
                    total, MEASURE.toSeconds(), WARMUP.toSeconds());
            assertThat(failures.get()).isZero();
            assertThat(perSecond).isGreaterThan(50);
        }
    }
}
