package org.tapin.e2e.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.tapin.testkit.RepoRoot;
import org.tapin.testkit.pcsc.PcscStack;
import org.tapin.testkit.pcsc.VirtualCard;

/** {@code ./tapin readers} as support runs it, against a real pcscd, compared with pcsc_scan. */
class TapinReadersTest {

    static String run(PcscStack stack, String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).directory(RepoRoot.path().toFile());
        builder.environment().putAll(stack.env());
        builder.environment().put("TAPIN_CONFIG", "/nonexistent/Imprivata.conf");
        Process process = builder.start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    @Test
    void listsTheSameReadersAsPcscScanWithCardState() throws Exception {
        try (PcscStack stack = PcscStack.isolated(); VirtualCard card = stack.card(1)) {
            card.insert("04A1B2C3");
            Thread.sleep(1_000); // pcscd's 400 ms presence poll
            String scan = run(stack, "timeout", "5", "pcsc_scan", "-r");
            String ours = run(stack, "./tapin", "readers");
            List<String> scanned = scan.lines().filter(l -> l.matches("\\d+: .*")).toList();
            assertThat(scanned).containsExactly("0: Virtual PCD 00 00", "1: Virtual PCD 00 01");
            assertThat(ours.lines().toList()).containsExactly(
                    scanned.get(0) + ": no card", scanned.get(1) + ": card present");
        }
    }

    @Test
    void saysClearlyWhenPcscdIsNotThere() throws Exception {
        try (PcscStack stack = PcscStack.isolated()) {
            stack.stopDaemon();
            String out = run(stack, "./tapin", "readers");
            assertThat(out).startsWith("badge reader service (pcscd) not reachable").doesNotContain("\tat ");
        }
    }

    @Test
    void watchPrintsEachTapsBadgeId() throws Exception {
        try (PcscStack stack = PcscStack.isolated(); VirtualCard card = stack.card(0)) {
            ProcessBuilder builder = new ProcessBuilder("./tapin", "readers", "--watch").redirectErrorStream(true)
                    .directory(RepoRoot.path().toFile());
            builder.environment().putAll(stack.env());
            builder.environment().put("TAPIN_CONFIG", "/nonexistent/Imprivata.conf");
            Process watch = builder.start();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(watch.getInputStream(), StandardCharsets.UTF_8))) {
                assertThat(out.readLine()).startsWith("Watching badge readers (id-format hex)");
                assertThat(out.readLine()).startsWith("available: readers Virtual PCD 00 00, Virtual PCD 00 01");
                card.insert("04A1B2C3");
                assertThat(out.readLine()).isEqualTo("Virtual PCD 00 00: badge 04A1B2C3");
            } finally {
                watch.destroy();
            }
        }
    }
}
