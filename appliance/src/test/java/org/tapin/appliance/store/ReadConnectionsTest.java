package org.tapin.appliance.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Read connections keep their prepared statements; a read must still see every commit made before it. */
class ReadConnectionsTest {

    @TempDir
    Path dir;

    @Test
    void aRepeatedReadSeesWhatAnotherProcessCommittedInBetween() {
        Path file = dir.resolve("a.db");
        try (Store appliance = SqliteStore.open(file); Store admin = SqliteStore.open(file)) {
            admin.addUser("alice", "Alice", "h");
            assertThat(appliance.badge("04AA")).isEmpty();
            admin.linkBadge("04AA", "alice", Instant.EPOCH);
            assertThat(appliance.badge("04AA")).get().extracting(BadgeLink::username).isEqualTo("alice");
            admin.setDisabled("alice", true);
            assertThat(appliance.user("alice")).get().extracting(UserAccount::disabled).isEqualTo(true);
            long before = appliance.revision();
            admin.setPolicy("default", "{}");
            assertThat(appliance.revision()).isGreaterThan(before);
            admin.unlinkBadge("04AA");
            assertThat(appliance.badge("04AA")).isEmpty();
        }
    }

    @Test
    void aReadThatLeavesItsResultOpenDoesNotHideLaterCommits() {
        Path file = dir.resolve("a.db");
        try (ReadConnections readers = new ReadConnections(file, 1); Store store = SqliteStore.open(file)) {
            store.addUser("alice", "Alice", "h");
            assertThat(count(readers, "SELECT count(*) FROM users", true)).isEqualTo(1);
            store.addUser("bob", "Bob", "h");
            // Another statement on the same connection: an unfinished read transaction would pin it to the old snapshot.
            assertThat(count(readers, "SELECT count(username) FROM users", false)).isEqualTo(2);
            store.addUser("carol", "Carol", "h");
            assertThat(count(readers, "SELECT count(*) FROM users", false)).isEqualTo(3);
        }
    }

    @Test
    void theSameQueryNestedInItsOwnLoopRunsOnItsOwnStatement() {
        Path file = dir.resolve("a.db");
        try (ReadConnections readers = new ReadConnections(file, 1); Store store = SqliteStore.open(file)) {
            store.addUser("alice", "Alice", "h");
            store.addUser("bob", "Bob", "h");
            List<String> pairs = readers.read("pair users", db -> {
                List<String> out = new ArrayList<>();
                try (PreparedStatement outer = db.prepareStatement("SELECT username FROM users ORDER BY username");
                        ResultSet a = outer.executeQuery()) {
                    while (a.next()) {
                        try (PreparedStatement inner = db.prepareStatement("SELECT username FROM users ORDER BY username");
                                ResultSet b = inner.executeQuery()) {
                            while (b.next()) {
                                out.add(a.getString(1) + "/" + b.getString(1));
                            }
                        }
                    }
                }
                return out;
            });
            assertThat(pairs).containsExactly("alice/alice", "alice/bob", "bob/alice", "bob/bob");
        }
    }

    /** Counts users; with {@code leaveOpen} the result set is never closed, only its statement. */
    private static int count(ReadConnections readers, String sql, boolean leaveOpen) {
        return readers.read("count users", db -> {
            try (PreparedStatement p = db.prepareStatement(sql)) {
                ResultSet rs = p.executeQuery();
                rs.next();
                int n = rs.getInt(1);
                if (!leaveOpen) {
                    rs.close();
                }
                return n;
            }
        });
    }
}
