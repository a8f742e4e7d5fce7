package org.tapin.e2e.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The tap benchmark's short mode, so it keeps working against the whole stack; its figures are not results. */
class TapBenchmarkTest {

    @Test
    void shortModeReportsEveryFigure() throws Exception {
        List<String> lines = new ArrayList<>();
        TapBenchmark.run(BenchMode.SHORT, lines::add);
        lines.forEach(System.out::println);
        assertThat(lines).hasSize(5);
        assertThat(lines.get(0)).startsWith("tap in: card on the reader -> lock screen gone").contains("median", "p99", "n=3");
        assertThat(lines.get(1)).startsWith("tap in: appliance round trip");
        assertThat(lines.get(2)).startsWith("tap in: agent's share").contains("goal median <= 100 ms");
        assertThat(lines.get(3)).startsWith("tap out: card on the reader -> lock on the screen");
        assertThat(lines.get(4)).startsWith("tap out: agent's share");
    }
}
