package org.tapin.e2e.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs the benchmark's short mode so it cannot rot; asserts what it reports, never how fast it was. */
class MatcherBenchmarkTest {

    @Test
    void shortModeReportsEveryFigureAndTheMatcherAllocatesNothing() {
        List<String> lines = new ArrayList<>();
        double bytesPerMatch = MatcherBenchmark.run(BenchMode.SHORT, lines::add);
        lines.forEach(System.out::println);
        assertThat(lines).hasSize(6);
        assertThat(lines).filteredOn(l -> l.contains("time per match")).allMatch(l -> l.matches(".*median [0-9.]+ ns, p99 [0-9.]+ ns.*entries=200.*"));
        // Allocation is behaviour, not timing: a per-call allocation shows up as >= 16 bytes per match.
        assertThat(bytesPerMatch).isLessThan(1.0);
    }

    @Test
    void statsUseNearestRank() {
        double[] samples = new double[100];
        for (int i = 0; i < 100; i++) {
            samples[i] = 100 - i;
        }
        Stats stats = Stats.of(samples);
        assertThat(stats.median()).isEqualTo(50);
        assertThat(stats.p99()).isEqualTo(99);
        assertThat(stats.max()).isEqualTo(100);
    }
}
