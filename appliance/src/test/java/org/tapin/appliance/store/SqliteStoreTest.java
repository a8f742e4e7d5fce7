package org.tapin.appliance.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStoreTest {

    @TempDir
    Path dir;

    private static final Instant NOW = Instant.parse("2026-11-23T09:00:00Z");

    @Test
    void createsTheFileOwnerOnlyInWalModeAndKeepsDataAcrossReopen() throws Exception {
        Path file = dir.resolve("sub/appliance.db");
        try (Store store = SqliteStore.open(file)) {
            assertThat(store.addUser("alice", "Alice", "h1")).isTrue();
            store.registerEndpoint("e-1", "cred-hash", new EndpointInfo("pc1", List.of("aa"), List.of("10.0.0.1"), "1", "2"), NOW);
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        try (Store store = SqliteStore.open(file)) {
            assertThat(store.user("ALICE")).get().extracting(UserAccount::displayName).isEqualTo("Alice");
            Endpoint e = store.endpointByCredential("cred-hash").orElseThrow();
            assertThat(e.id()).isEqualTo("e-1");
            assertThat(e.group()).isEqualTo("default");
            assertThat(e.info().macs()).containsExactly("aa");
            assertThat(store.endpointByCredential("other")).isEmpty();
            assertThat(Files.exists(dir.resolve("sub/appliance.db-wal"))).as("WAL mode").isTrue();
        }
    }

    @Test
    void userNamesAreUniqueWithoutCase() {
        try (Store store = SqliteStore.open(dir.resolve("a.db"))) {
            assertThat(store.addUser("alice", "Alice", "h")).isTrue();
            assertThat(store.addUser("Alice", "Other", "h")).isFalse();
            assertThat(store.users()).hasSize(1);
        }
    }

    @Test
    void failuresLockTheAccountAtTheLimitAndStartCountingAgain() {
        try (Store store = SqliteStore.open(dir.resolve("a.db"))) {
            store.addUser("bob", "Bob", "h");
            Instant until = NOW.plusSeconds(900);
            assertThat(store.recordFailure("bob", 3, until).orElseThrow().failures()).isEqualTo(1);
            assertThat(store.recordFailure("bob", 3, until).orElseThrow().lockedUntil()).isNull();
            UserAccount locked = store.recordFailure("bob", 3, until).orElseThrow();
            assertThat(locked.lockedUntil()).isEqualTo(until);
            assertThat(locked.failures()).isZero();
            assertThat(locked.lockedAt(NOW)).isTrue();
            assertThat(locked.lockedAt(until.plusSeconds(1))).isFalse();
            assertThat(store.clearFailures("bob")).isTrue();
            assertThat(store.user("bob").orElseThrow().lockedUntil()).isNull();
            assertThat(store.recordFailure("nobody", 3, until)).isEmpty();
        }
    }

    @Test
    void aBadgeBelongsToOneUserAndGoesWithTheUser() {
        try (Store store = SqliteStore.open(dir.resolve("a.db"))) {
            store.addUser("alice", "Alice", "h");
            store.addUser("bob", "Bob", "h");
            assertThat(store.linkBadge("04AB", "alice", NOW)).isEqualTo(Store.LinkResult.LINKED);
            assertThat(store.linkBadge("04ab", "ALICE", NOW)).isEqualTo(Store.LinkResult.ALREADY_LINKED);
            assertThat(store.linkBadge("04AB", "bob", NOW)).isEqualTo(Store.LinkResult.OTHER_USER);
            assertThat(store.linkBadge("0555", "carol", NOW)).isEqualTo(Store.LinkResult.NO_SUCH_USER);
            assertThat(store.badge("04ab")).get().extracting(BadgeLink::username).isEqualTo("alice");
            assertThat(store.removeUser("alice")).isTrue();
            assertThat(store.badge("04AB")).isEmpty();
        }
    }

    @Test
    void auditIdsAreStoredOnce() {
        try (Store store = SqliteStore.open(dir.resolve("a.db"))) {
            AuditRecord a = new AuditRecord(0, "id-1", NOW, "agent", "e-1", "unlock", "alice", "d");
            AuditRecord b = new AuditRecord(0, "id-2", NOW, "agent", "e-1", "lock", "alice", "");
            assertThat(store.appendAudit(List.of(a))).isEqualTo(1);
            assertThat(store.appendAudit(List.of(a, b))).isEqualTo(1);
            assertThat(store.audit(new AuditQuery(null, null, null, 10))).extracting(AuditRecord::id).containsExactly("id-1", "id-2");
            assertThat(store.audit(new AuditQuery("lock", null, null, 10))).extracting(AuditRecord::id).containsExactly("id-2");
            assertThat(store.audit(new AuditQuery(null, null, null, 1))).extracting(AuditRecord::id).containsExactly("id-2");
        }
    }

    @Test
    void concurrentAuditWritesAreGroupCommittedWithoutLossOrDuplicates() throws Exception {
        try (Store store = SqliteStore.open(dir.resolve("a.db"))) {
            int threads = 8;
            int each = 150;
            java.util.concurrent.atomic.AtomicInteger stored = new java.util.concurrent.atomic.AtomicInteger();
            List<Thread> workers = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                workers.add(new Thread(() -> {
                    for (int i = 0; i < each; i++) {
                        // every event twice: once from this thread, once as a "shared" id the others write too
                        stored.addAndGet(store.appendAudit(List.of(
                                new AuditRecord(0, "t" + id + "-" + i, NOW, "agent", "e-1", "x", "", ""),
                                new AuditRecord(0, "shared-" + i, NOW, "agent", "e-1", "x", "", ""))));
                    }
                }));
            }
            workers.forEach(Thread::start);
            for (Thread w : workers) {
                w.join();
            }
            assertThat(stored.get()).isEqualTo(threads * each + each);
            assertThat(store.audit(new AuditQuery("x", null, null, 100_000))).hasSize(threads * each + each);
        }
    }

    @Test
    void policyAndGroupChangesAdvanceTheRevisionSeenByAnotherConnection() {
        Path file = dir.resolve("a.db");
        try (Store server = SqliteStore.open(file); Store admin = SqliteStore.open(file)) {
            long before = server.revision();
            long version = admin.setPolicy("ward3", "{\"lockScreenAccess\":[]}");
            assertThat(server.revision()).isGreaterThan(before).isEqualTo(version);
            assertThat(server.policy("ward3")).get().extracting(GroupPolicy::version).isEqualTo(version);
            server.registerEndpoint("e-1", "c", new EndpointInfo("pc", List.of(), List.of(), "", ""), NOW);
            long r = server.revision();
            assertThat(admin.setEndpointGroup("e-1", "ward3")).isTrue();
            assertThat(server.revision()).isGreaterThan(r);
            assertThat(server.endpoint("e-1").orElseThrow().group()).isEqualTo("ward3");
            assertThat(admin.revokeEndpoint("e-1")).isTrue();
            assertThat(admin.revokeEndpoint("e-1")).isFalse();
            assertThat(server.endpoint("e-1").orElseThrow().revoked()).isTrue();
        }
    }

    @Test
    void rangesCoverIdsOfTheirLengthInOrder() {
        BadgeRange r = new BadgeRange(1, BadgeRange.Kind.ALLOW, "04000000", "04FFFFFF");
        assertThat(r.covers("04A1B2C3")).isTrue();
        assertThat(r.covers("04a1b2c3")).isTrue();
        assertThat(r.covers("05000000")).isFalse();
        assertThat(r.covers("04A1B2")).isFalse();
        try (Store store = SqliteStore.open(dir.resolve("a.db"))) {
            BadgeRange added = store.addBadgeRange(BadgeRange.Kind.DENY, "0000", "00FF");
            assertThat(store.badgeRanges()).containsExactly(added);
            assertThat(store.removeBadgeRange(added.id())).isTrue();
            assertThat(store.badgeRanges()).isEmpty();
        }
    }
}
