package org.tapin.e2e.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs the loader benchmark's short mode so it cannot rot; asserts what it reports, never how fast it was. */
class LoaderBenchmarkTest {

    @Test
    void shortModeReportsUnpackCheckAndStartFigures() throws Exception {
        List<String> lines = new ArrayList<>();
        List<Stats> stats = LoaderBenchmark.run(BenchMode.SHORT, lines::add);
        lines.forEach(System.out::println);
        assertThat(lines).hasSize(9);
        assertThat(lines.get(0)).matches("verify \\+ unpack \\(goal 1000 ms\\): median [0-9.]+ ms, .*package [0-9.]+ MiB, \\d+ files\\)");
        // The build dumps the loader's archive at package, so the benchmark must have found and used it.
        assertThat(lines.get(2)).isEqualTo("loader JVM options: -Xshare:auto -Xmx64m -XX:CompileCommand=quiet"
                + " -XX:CompileCommand=CompileThresholdScaling,sun.security.provider.SHA2::implCompress,0.01"
                + " -XX:SharedArchiveFile=" + LoaderLaunch.built(true).archive() + " -Xlog:cds*=error");
        // The loader dumped the slot's archive at install from the class list the package carries.
        assertThat(lines.get(5)).contains("(n=").contains(" with the slot's archive, as the loader starts it");
        assertThat(lines.get(7)).matches("loader's share without archive: median -?[0-9.]+ ms");
        assertThat(lines.get(8)).matches("loader's share: median -?[0-9.]+ ms \\(goal 300 ms\\)");
        assertThat(stats).allSatisfy(s -> assertThat(s.median()).isPositive());
    }
}
