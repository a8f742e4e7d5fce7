package org.tapin.agent.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tapin.agent.audit.AuditEvent;
import org.tapin.agent.audit.AuditJournal;
import org.tapin.agent.loader.LoaderLink;
import org.tapin.agent.session.SessionState;
import org.tapin.agent.session.User;

class AgentUpdatesTest {

    private static final Duration QUIET = AgentUpdates.QUIET;
    private static final SessionState LOCKED = SessionState.Locked.NOBODY;

    @TempDir
    Path dir;
    private LoaderLink link;
    private AuditJournal journal;
    private final AtomicReference<SessionState> state = new AtomicReference<>(LOCKED);
    private final List<String> downloads = new CopyOnWriteArrayList<>();
    private AgentUpdates updates;

    @BeforeEach
    void setUp() throws Exception {
        link = new LoaderLink("1.0.0", dir.resolve("inbox"), Set.of("3.0.0"), dir.resolve("idle"), dir.resolve("reports"));
        journal = AuditJournal.open(dir.resolve("audit"));
        updates = new AgentUpdates(link, (version, target, max) -> {
            downloads.add(version);
            Files.writeString(target, "package " + version);
        }, journal, state::get, Clock.systemUTC()).start();
    }

    @AfterEach
    void tearDown() throws Exception {
        updates.close();
        journal.close();
    }

    private List<Path> inbox() throws Exception {
        if (!Files.isDirectory(link.inbox())) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(link.inbox())) {
            return s.toList();
        }
    }

    @Test
    void theEndpointIsIdleOnlyAtTheLockAfterQuietInputAndStopsBeingSoAtOnce() {
        updates.tick(LOCKED, QUIET.minusSeconds(1));
        assertThat(link.idleFile()).doesNotExist();
        updates.tick(LOCKED, QUIET);
        assertThat(link.idleFile()).exists();

        SessionState signedIn = new SessionState.Unlocked(new User("drgrey", "Dr Grey"), null);
        state.set(signedIn);
        updates.sessionChanged(signedIn);
        assertThat(link.idleFile()).as("removed with the transition, not a second later").doesNotExist();
        updates.tick(LOCKED, QUIET.plusSeconds(5));
        assertThat(link.idleFile()).as("a tick that read the lock before the tap does not bring it back").doesNotExist();
    }

    @Test
    void theNamedVersionIsFetchedOnceAtAnIdleLockAndHandedToTheLoaderWhole() throws Exception {
        updates.policyNames("2.0.0");
        updates.tick(LOCKED, Duration.ofSeconds(2));
        Thread.sleep(300);
        assertThat(downloads).as("not while someone may be at the keyboard").isEmpty();

        updates.tick(LOCKED, QUIET);
        await().atMost(Duration.ofSeconds(5)).until(() -> inbox().size() == 1);
        assertThat(inbox().get(0).getFileName().toString()).endsWith("-2.0.0.pkg");
        assertThat(Files.readString(inbox().get(0))).isEqualTo("package 2.0.0");
        updates.tick(LOCKED, QUIET.plusSeconds(1));
        Thread.sleep(300);
        assertThat(downloads).containsExactly("2.0.0");
        assertThat(journal.pending(10)).extracting(AuditEvent::type).containsExactly("agent.update.fetched");
    }

    @Test
    void theRunningAQuarantinedOrNoVersionIsNotFetched() throws Exception {
        for (String v : new String[] {"1.0.0", "3.0.0", "", null}) {
            updates.policyNames(v);
            updates.tick(LOCKED, QUIET);
        }
        Thread.sleep(300);
        assertThat(downloads).isEmpty();
        assertThat(inbox()).isEmpty();
    }

    @Test
    void aFailedDownloadLeavesNothingInTheInbox() throws Exception {
        updates.close();
        updates = new AgentUpdates(link, (version, target, max) -> {
            Files.writeString(target, "half a pack");
            throw new java.io.IOException("connection reset");
        }, journal, state::get, Clock.systemUTC()).start();
        updates.policyNames("2.0.0");
        updates.tick(LOCKED, QUIET);
        Thread.sleep(500);
        assertThat(inbox()).isEmpty();
    }

    @Test
    void theLoadersReportsBecomeAuditEventsUnderTheirOwnIds() throws Exception {
        Files.createDirectories(link.reports());
        Files.writeString(link.reports().resolve("1700000000000-abc.report"), """
                id=5d1c9a52-0000-4000-8000-000000000001
                time=2026-11-23T10\\:00\\:00Z
                type=agent.rolled-back
                version=3.0.0
                detail=Version 3.0.0 rolled back and quarantined\\: it did not report healthy in any of its starts
                """);
        await().atMost(Duration.ofSeconds(10)).until(() -> !journal.pending(10).isEmpty());
        AuditEvent e = journal.pending(10).get(0);
        assertThat(e.id()).isEqualTo("5d1c9a52-0000-4000-8000-000000000001");
        assertThat(e.type()).isEqualTo("agent.rolled-back");
        assertThat(e.time()).hasToString("2026-11-23T10:00:00Z");
        assertThat(e.detail()).contains("rolled back and quarantined");
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            try (Stream<Path> s = Files.list(link.reports())) {
                return s.findAny().isEmpty();
            }
        });
    }
}
