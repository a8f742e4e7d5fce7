package org.tapin.e2e.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reader benchmark's short mode, so it keeps working; its figures are not asserted. */
class ReaderBenchmarkTest {

    @Test
    void shortModeReportsEveryFigure() throws Exception {
        List<String> lines = new ArrayList<>();
        ReaderBenchmark.run(BenchMode.SHORT, lines::add);
        lines.forEach(System.out::println);
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).startsWith("reader tap latency").contains("median").contains("p99");
        assertThat(lines.get(1)).startsWith("reader own share");
        assertThat(lines.get(2)).startsWith("reader recovery, new pcscd launched");
        assertThat(lines.get(3)).startsWith("reader idle CPU");
    }
}
