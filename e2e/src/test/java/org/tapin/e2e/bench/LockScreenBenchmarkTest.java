package org.tapin.e2e.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The lock-screen benchmark's short mode, so it cannot rot; its figures are not results. */
class LockScreenBenchmarkTest {

    @Test
    void shortModeReportsEveryFigure() throws Exception {
        List<String> lines = new ArrayList<>();
        LockScreenBenchmark.run(BenchMode.SHORT, line -> lines.addAll(List.of(line.split("\n"))));
        lines.forEach(System.out::println);
        assertThat(lines).hasSize(9);
        assertThat(lines.get(0)).startsWith("session machine: lock decided").contains("median", "p99");
        assertThat(lines.get(1)).startsWith("lock latency");
        assertThat(lines.get(2)).startsWith("cold start: agent spawned -> cover on screen");
        assertThat(lines.get(3)).startsWith("cold start: agent spawned -> lock UI painted");
        assertThat(lines.subList(4, 8)).allMatch(l -> l.startsWith("overlay start-up"));
        assertThat(lines.get(7)).as("the build dumps the overlay's archive beside its jar").contains("built+appcds", "median");
        assertThat(lines.get(8)).startsWith("idle while locked").contains("RSS", "CPU");
    }

    @Test
    void idleModeReportsOnlyTheIdleCost() throws Exception {
        List<String> lines = new ArrayList<>();
        LockScreenBenchmark.runIdle(BenchMode.SHORT, lines::add);
        lines.forEach(System.out::println);
        assertThat(lines).singleElement().asString().startsWith("idle while locked").contains("RSS", "CPU");
    }
}
