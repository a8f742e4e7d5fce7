package org.tapin.agent.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditJournalTest {

    @TempDir
    Path dir;

    AuditJournal journal(long segment, long max) throws Exception {
        return new AuditJournal(dir, segment, max, 100, Clock.systemUTC());
    }

    static List<String> types(List<AuditEvent> events) {
        return events.stream().map(AuditEvent::type).toList();
    }

    @Test
    void eventsComeBackInOrderAndAcknowledgedOnesNeverAgainEvenAfterARestart() throws Exception {
        try (AuditJournal journal = journal(1024, 1 << 20)) {
            for (int i = 0; i < 50; i++) {
                journal.append("tap-" + i, "alice", "");
            }
            List<AuditEvent> first = journal.pending(10);
            assertThat(types(first)).containsExactly("tap-0", "tap-1", "tap-2", "tap-3", "tap-4", "tap-5", "tap-6",
                    "tap-7", "tap-8", "tap-9");
            journal.acknowledge(first.get(9).sequence());
            assertThat(journal.pending(1).get(0).type()).isEqualTo("tap-10");
        }
        try (AuditJournal reopened = journal(1024, 1 << 20)) {
            List<AuditEvent> pending = reopened.pending(1000);
            assertThat(pending).hasSize(40);
            assertThat(pending.get(0).type()).isEqualTo("tap-10");
            AuditEvent next = reopened.append("after-restart", "", "");
            assertThat(next.sequence()).isGreaterThan(pending.get(39).sequence());
            assertThat(pending.stream().map(AuditEvent::id).distinct()).hasSize(40);
            reopened.acknowledge(next.sequence());
            assertThat(reopened.pending(10)).isEmpty();
            assertThat(reopened.size()).isZero();
        }
        try (var files = Files.list(dir)) {
            assertThat(files.filter(p -> p.toString().endsWith(".jsonl")).count())
                    .as("acknowledged segments are deleted, only the open one stays").isLessThanOrEqualTo(1);
        }
    }

    @Test
    void aLineTornByPowerLossIsCutAndTheNextEventIsIntact() throws Exception {
        try (AuditJournal journal = journal(1 << 20, 1 << 20)) {
            journal.append("a", "", "");
            journal.append("b", "", "");
        }
        Path segment;
        try (var files = Files.list(dir)) {
            segment = files.filter(p -> p.toString().endsWith(".jsonl")).findFirst().orElseThrow();
        }
        Files.write(segment, "{\"sequence\":3,\"id\":\"x\",\"ty".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
        try (AuditJournal journal = journal(1 << 20, 1 << 20)) {
            journal.append("c", "", "");
            assertThat(types(journal.pending(10))).containsExactly("a", "b", "c");
        }
    }

    @Test
    void overTheCapTheOldestAreReplacedByOneSummaryAndTheQueueStaysBounded() throws Exception {
        try (AuditJournal journal = journal(4 * 1024, 16 * 1024)) {
            for (int i = 0; i < 1_000; i++) {
                journal.append("tap", "alice", "x".repeat(50));
            }
            List<AuditEvent> pending = journal.pending(10_000);
            assertThat(pending).anyMatch(e -> e.type().equals("audit-dropped") && e.detail().contains("size cap"));
            assertThat(types(pending).get(pending.size() - 1)).isEqualTo("tap");
        }
        long total;
        try (var files = Files.list(dir)) {
            total = files.mapToLong(p -> p.toFile().length()).sum();
        }
        assertThat(total).isLessThan(16 * 1024 + 4 * 1024);
    }

    @Test
    void whileTheDiskRefusesWritesEventsWaitInMemoryAndLandLater() throws Exception {
        try (AuditJournal journal = journal(1 << 20, 1 << 20)) {
            journal.append("before", "", "");
            journal.close(); // the next append must reopen a segment, which fails below
            Path moved = dir.resolveSibling(dir.getFileName() + ".moved");
            Files.move(dir, moved);
            Files.writeString(dir, "a file where the folder was"); // every open under dir now fails
            journal.append("during-1", "", "");
            journal.append("during-2", "", "");
            assertThat(types(journal.pending(10))).containsExactly("during-1", "during-2");
            Files.delete(dir);
            Files.move(moved, dir);
            journal.append("after", "", "");
            assertThat(types(journal.pending(10))).containsExactly("before", "during-1", "during-2", "after");
        }
        try (AuditJournal reopened = journal(1 << 20, 1 << 20)) {
            assertThat(types(reopened.pending(10))).containsExactly("before", "during-1", "during-2", "after");
        }
    }

    @Test
    void everyEventWhoseAppendReturnedSurvivesKillMinus9() throws Exception {
        Process writer = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), AppendForever.class.getName(), dir.toString())
                .redirectErrorStream(false).start();
        Set<String> returned = new HashSet<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
            while (returned.size() < 300) {
                String line = out.readLine();
                assertThat(line).as("writer output").isNotNull();
                returned.add(line);
            }
            writer.destroyForcibly(); // SIGKILL, mid-append
            assertThat(writer.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
        try (AuditJournal journal = journal(1 << 20, 1 << 24)) {
            List<String> stored = new ArrayList<>();
            journal.pending(100_000).forEach(e -> stored.add(e.id()));
            assertThat(stored).containsAll(returned);
            assertThat(new HashSet<>(stored)).hasSameSizeAs(stored);
        }
    }

    /** Child process for the kill test: appends and prints each id once append returned. */
    public static final class AppendForever {
        public static void main(String[] args) throws Exception {
            try (AuditJournal journal = new AuditJournal(Path.of(args[0]), 8 * 1024, 1 << 24, 100, Clock.systemUTC())) {
                while (true) {
                    System.out.println(journal.append("tap", "alice", "").id());
                    System.out.flush();
                }
            }
        }
    }
}
