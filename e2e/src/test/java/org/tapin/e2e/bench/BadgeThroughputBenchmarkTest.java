package org.tapin.e2e.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The badge-throughput benchmark's short mode against the real appliance process, so it keeps working; its
 * figures are not results. What it does assert is what a user would notice: every tap answered, and TLS
 * keep-alive holding (without it every request pays a handshake and the rate collapses).
 */
class BadgeThroughputBenchmarkTest {

    @Test
    void shortModeAnswersEveryTapOverKeptAliveConnections() throws Exception {
        List<String> lines = new ArrayList<>();
        BadgeThroughputBenchmark.Result result = BadgeThroughputBenchmark.run(BenchMode.SHORT, lines::add);
        lines.forEach(System.out::println);
        assertThat(result.failures()).isZero();
        assertThat(result.requests()).isPositive();
        assertThat(result.handshakes()).as("TLS handshakes for %d clients", BadgeThroughputBenchmark.CLIENTS)
                .isBetween(1, 100);
        assertThat(result.cpuMillisPerRequest()).isPositive();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).startsWith("badge auth: ").contains("per second", "goal 1000/s");
        assertThat(lines.get(1)).startsWith("badge auth: latency").contains("median", "p99", "goal p99 <= 50 ms");
        assertThat(lines.get(2)).startsWith("badge auth: appliance CPU").contains("ms per request");
        assertThat(lines.get(3)).contains("TLS handshakes");
    }
}
