package org.tapin.e2e.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import okhttp3.Call;
import okhttp3.ConnectionPool;
import okhttp3.EventListener;
import okhttp3.Handshake;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.tapin.agent.appliance.ApplianceTransport;
import org.tapin.agent.appliance.CaFolderTrust;
import org.tapin.agent.appliance.client.ApplianceClient;
import org.tapin.agent.appliance.client.CredentialFile;
import org.tapin.agent.appliance.client.EndpointFacts;
import org.tapin.agent.config.TapinConfig;
import org.tapin.e2e.appliance.ApplianceProcess;
import org.tapin.testkit.tls.TlsMaterial;

/**
 * Badge authentications per second against the real appliance process: {@value #CLIENTS} clients each sending one
 * request after the other over TLS with keep-alive, the embedded store (every decision's audit event durable before
 * its answer, group-committed). The goal is 1,000/s with p99 at most 50 ms on a 2-core machine.
 *
 * <p>Besides rate and latency it prints the appliance's CPU time per request over the measured window (from
 * {@code /proc}, split by kind of thread: a JVM still compiling spends much of it in C2) and the number of TLS
 * handshakes, which is about one per client when keep-alive works and one per request when it does not.
 * {@code --warmup=S} and {@code --measure=S} override the windows (seconds); {@code $TAPIN_APPLIANCE_JAVA_OPTS}
 * reaches the appliance's JVM and {@code $TAPIN_APPLIANCE_JAR} picks another build of it, for comparisons.
 */
public final class BadgeThroughputBenchmark {

    static final int CLIENTS = 50;
    static final String BADGE = "04A1B2C3D4E5F6";

    private BadgeThroughputBenchmark() {}

    /** What one run saw in its measured window. */
    public record Result(int requests, int failures, double perSecond, Stats latencyMillis, double cpuMillisPerRequest,
            int handshakes) {}

    public static void main(String[] args) throws Exception {
        run(BenchMode.fromArgs(args), seconds(args, "--warmup="), seconds(args, "--measure="), System.out::println);
    }

    public static Result run(BenchMode mode, Consumer<String> out) throws Exception {
        return run(mode, null, null, out);
    }

    static Result run(BenchMode mode, Duration warmUp, Duration measure, Consumer<String> out) throws Exception {
        Duration warm = warmUp != null ? warmUp : Duration.ofSeconds(mode.pick(3, 30));
        Duration window = measure != null ? measure : Duration.ofSeconds(mode.pick(5, 20));
        Path work = Files.createTempDirectory("tapin-badge-bench");
        TlsMaterial tls = TlsMaterial.generate(work.resolve("tls"));
        Path dir = Files.createDirectories(work.resolve("appliance"));
        try (ApplianceProcess appliance = new ApplianceProcess(dir, tls).start()) {
            appliance.adminOk("Link-Test-pw7\n", "user", "add", "alice", "--password-stdin");
            appliance.adminOk("", "badge", "link", BADGE, "alice");
            AtomicInteger handshakes = new AtomicInteger();
            TapinConfig.Ssl ssl = new TapinConfig.Ssl(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(5));
            OkHttpClient http = ApplianceTransport.client(CaFolderTrust.load(tls.caFolder()).trustManager(), ssl).newBuilder()
                    .connectionPool(new ConnectionPool(CLIENTS + 10, 5, TimeUnit.MINUTES))
                    .eventListener(new EventListener() {
                        @Override
                        public void secureConnectEnd(Call call, Handshake handshake) {
                            handshakes.incrementAndGet();
                        }
                    }).build();
            String credential = new ApplianceClient(http, List.of(appliance.uri()), new CredentialFile(work.resolve("agent")),
                    EndpointFacts.collect("bench", "", ""), null).credential().secret();
            Request request = new Request.Builder().url(appliance.uri().resolve("/v1/auth/badge").toString())
                    .header("Authorization", "Bearer " + credential)
                    .post(RequestBody.create("{\"badge\":\"" + BADGE + "\"}", MediaType.get("application/json"))).build();

            long started = System.nanoTime();
            long warmEnd = started + warm.toNanos();
            long end = warmEnd + window.toNanos();
            handshakes.set(0); // the registration's connection is not the clients'
            Clients clients = new Clients(http, request, warmEnd, end);
            LockSupport.parkNanos(warmEnd - System.nanoTime());
            ProcessCpu before = ProcessCpu.of(appliance.pid());
            LockSupport.parkNanos(end - System.nanoTime());
            ProcessCpu cpu = ProcessCpu.of(appliance.pid()).since(before);
            if (!clients.done.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("clients still waiting for answers 60 s after the window ended; appliance log:\n"
                        + tail(appliance.log()));
            }
            double[] samples = clients.samplesMillis();
            if (samples.length == 0) {
                throw new IllegalStateException(String.format(Locale.ROOT, "no badge authentication finished inside the %d s"
                        + " window after %d s of warm-up (%d failed requests); appliance log:%n%s", window.toSeconds(),
                        warm.toSeconds(), clients.failures.get(), tail(appliance.log())));
            }
            double perSecond = samples.length / (window.toNanos() / 1e9);
            Stats latency = Stats.of(samples);
            double cpuPerRequest = cpu.totalMillis() / samples.length;
            String params = String.format(Locale.ROOT, "%d clients, TLS keep-alive, embedded store, %d s measured after %d s"
                    + " warm-up, appliance JVM options [%s], mode=%s", CLIENTS, window.toSeconds(), warm.toSeconds(),
                    String.join(" ", ApplianceProcess.javaOptions()), mode);
            out.accept(String.format(Locale.ROOT, "badge auth: %.0f per second, %d failures (%d answers; %s; goal 1000/s)",
                    perSecond, clients.failures.get(), samples.length, params));
            out.accept(latency.line("badge auth: latency", "ms", params + "; goal p99 <= 50 ms"));
            out.accept(String.format(Locale.ROOT, "badge auth: appliance CPU %.3f ms per request (%s; %.0f%% of 2 cores)",
                    cpuPerRequest, cpu.millisByKind().entrySet().stream().filter(e -> e.getValue() > 0)
                            .map(e -> String.format(Locale.ROOT, "%s %.3f", e.getKey(), e.getValue() / samples.length))
                            .collect(Collectors.joining(", ")),
                    100 * cpu.totalMillis() / (window.toMillis() * 2.0)));
            out.accept(String.format(Locale.ROOT, "badge auth: %d TLS handshakes for %d clients (keep-alive: about one each)",
                    handshakes.get(), CLIENTS));
            return new Result(samples.length, clients.failures.get(), perSecond, latency, cpuPerRequest, handshakes.get());
        }
    }

    /** The client threads: each sends the request again as soon as it has the answer, until {@code end}. */
    private static final class Clients {
        final AtomicInteger failures = new AtomicInteger();
        final CountDownLatch done = new CountDownLatch(CLIENTS);
        final List<long[]> perClient = new ArrayList<>();

        Clients(OkHttpClient http, Request request, long warmEnd, long end) {
            for (int c = 0; c < CLIENTS; c++) {
                long[] samples = new long[200_000];
                perClient.add(samples);
                Thread t = new Thread(() -> {
                    int n = 0;
                    try {
                        for (long t0; (t0 = System.nanoTime()) < end; ) {
                            try (Response r = http.newCall(request).execute()) {
                                r.body().string();
                                if (r.code() != 200) {
                                    failures.incrementAndGet();
                                }
                            } catch (IOException e) {
                                failures.incrementAndGet();
                            }
                            long t1 = System.nanoTime();
                            // Only requests wholly inside the window: the rate is answers per second of it.
                            if (t0 >= warmEnd && t1 <= end && n < samples.length - 1) {
                                samples[++n] = t1 - t0;
                            }
                        }
                    } finally {
                        samples[0] = n;
                        done.countDown();
                    }
                }, "badge-client-" + c);
                t.setDaemon(true);
                t.start();
            }
        }

        /** Call after {@link #done}. Slot 0 of each client's array holds its count. */
        double[] samplesMillis() {
            int total = perClient.stream().mapToInt(s -> (int) s[0]).sum();
            double[] all = new double[total];
            int i = 0;
            for (long[] s : perClient) {
                for (int k = 1; k <= s[0]; k++) {
                    all[i++] = s[k] / 1e6;
                }
            }
            return all;
        }
    }

    private static Duration seconds(String[] args, String prefix) {
        for (String arg : args) {
            if (arg.startsWith(prefix)) {
                return Duration.ofSeconds(Long.parseLong(arg.substring(prefix.length())));
            }
        }
        return null;
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }
}
