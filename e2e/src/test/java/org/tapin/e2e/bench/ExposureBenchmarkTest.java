package org.tapin.e2e.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The exposure benchmark's short mode, so it keeps working; its figures are not asserted. */
class ExposureBenchmarkTest {

    @Test
    void shortModeReportsEveryFigure() throws Exception {
        List<String> lines = new ArrayList<>();
        ExposureBenchmark.run(BenchMode.SHORT, lines::add);
        lines.forEach(System.out::println);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("exposure above the cover, managed window").contains("median", "p99");
        assertThat(lines.get(1)).startsWith("exposure above the cover, override-redirect window");
        assertThat(lines.get(2)).startsWith("enforcer under a window flood").contains("window monitor thread CPU");
    }
}
