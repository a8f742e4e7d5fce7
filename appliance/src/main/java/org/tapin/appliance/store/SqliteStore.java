package org.tapin.appliance.store;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The embedded store: one SQLite file (xerial sqlite-jdbc, the native library inside the jar).
 *
 * <p>Why SQLite: its commit is atomic and durable across a crash or power loss at any instant (rollback
 * journal or WAL, tested for decades by its own crash-injection suite), it is one file an admin can back up
 * and inspect with {@code sqlite3}, several processes can use it at once (the appliance and the admin
 * command) with proper locking, and it needs no server. WAL mode lets readers run beside the writer;
 * {@code synchronous=FULL} fsyncs the WAL before every commit returns, so a decision the appliance answered
 * is on disk even if the power goes a moment later. NORMAL syncs the WAL only at checkpoints: its commits
 * survive the appliance's crash (they are in the kernel's cache) and the file stays consistent, but the last
 * commits before a power loss or kernel crash are rolled back, and with them audit events of decisions already
 * answered; so FULL it is. H2's MVStore was the alternative; its history of file corruption after crashes
 * decided against it.
 *
 * <p>Reads go to {@link ReadConnections} and never wait for a commit (WAL lets a reader see the last commit while
 * a write is under way); writes go to one writer connection, one at a time. Audit events, written with every
 * decision, are committed by one writer thread in groups ({@link GroupCommit}): each caller waits until its
 * events are durable, and one fsync covers every caller waiting at that moment instead of each paying its own.
 */
public final class SqliteStore implements Store {

    private static final int SCHEMA_VERSION = 1;
    /** Read connections at most: more than the requests a 2-core appliance has on its CPUs at once. */
    private static final int READERS = 8;
    /**
     * Callers that may wait for the audit writer at once. Each server thread waits for at most one, so this is
     * reached only when the writer is stalled (a disk that no longer answers): new decisions then fail at once.
     */
    private static final int AUDIT_CALLERS = 1024;
    /** Callers' events in one transaction (an upload holds up to 500 events). */
    private static final int AUDIT_BATCH = 256;
    /** Longer than the busy timeout (another process holding the write lock) plus a slow fsync. */
    private static final Duration AUDIT_WAIT = Duration.ofSeconds(30);

    private final Connection writer;
    private final ReadConnections readers;
    private final GroupCommit<List<AuditRecord>, Integer> auditWriter;

    private SqliteStore(Connection writer, ReadConnections readers) {
        this.writer = writer;
        this.readers = readers;
        this.auditWriter = new GroupCommit<>("audit events", AUDIT_CALLERS, AUDIT_BATCH, AUDIT_WAIT, this::commitAudit);
    }

    public static SqliteStore open(Path file) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            try {
                // It holds password hashes and credential hashes: the appliance's user alone reads it.
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (FileAlreadyExistsException e) {
                // an existing store keeps its permissions
            }
        } catch (IOException e) {
            throw new StoreException("cannot create the store " + file + ": " + e.getMessage(), e);
        }
        try {
            Connection writer = SqliteFiles.open(file);
            SqliteFiles.migrate(writer, "schema", SCHEMA_VERSION, SqliteStore::createTables);
            return new SqliteStore(writer, new ReadConnections(file, READERS));
        } catch (SQLException e) {
            throw new StoreException("cannot open the store " + file + ": " + e.getMessage(), e);
        }
    }

    private static void createTables(Statement s, int fromVersion) throws SQLException {
        s.execute("""
                CREATE TABLE endpoints (
                  id TEXT PRIMARY KEY, credential_hash TEXT NOT NULL UNIQUE, computer_name TEXT NOT NULL,
                  macs TEXT NOT NULL, ips TEXT NOT NULL, agent_version TEXT NOT NULL,
                  bootstrap_version TEXT NOT NULL, grp TEXT NOT NULL DEFAULT 'default',
                  revoked INTEGER NOT NULL DEFAULT 0, registered_at INTEGER NOT NULL, last_seen INTEGER NOT NULL)""");
        s.execute("""
                CREATE TABLE users (
                  username TEXT PRIMARY KEY COLLATE NOCASE, display_name TEXT NOT NULL,
                  password_hash TEXT NOT NULL, disabled INTEGER NOT NULL DEFAULT 0,
                  failures INTEGER NOT NULL DEFAULT 0, locked_until INTEGER)""");
        s.execute("""
                CREATE TABLE badges (
                  badge TEXT PRIMARY KEY COLLATE NOCASE,
                  username TEXT NOT NULL REFERENCES users(username) ON DELETE CASCADE,
                  linked_at INTEGER NOT NULL)""");
        s.execute("CREATE INDEX badges_user ON badges(username)");
        s.execute("""
                CREATE TABLE badge_ranges (
                  id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, low TEXT NOT NULL, high TEXT NOT NULL)""");
        s.execute("CREATE TABLE policies (grp TEXT PRIMARY KEY, document TEXT NOT NULL, version INTEGER NOT NULL)");
        s.execute("""
                CREATE TABLE audit (
                  seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, time INTEGER NOT NULL,
                  origin TEXT NOT NULL, endpoint TEXT NOT NULL, type TEXT NOT NULL, username TEXT NOT NULL,
                  detail TEXT NOT NULL)""");
        s.execute("CREATE INDEX audit_type ON audit(type)");
        s.execute("INSERT INTO meta (key, value) VALUES ('revision', 1)");
    }

    // ---------------------------------------------------------------------------------------- endpoints

    @Override
    public Endpoint registerEndpoint(String id, String credentialHash, EndpointInfo info, Instant now) {
        return run("register an endpoint", db -> {
            try (PreparedStatement p = db.prepareStatement("""
                    INSERT INTO endpoints (id, credential_hash, computer_name, macs, ips, agent_version, bootstrap_version,
                      registered_at, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
                p.setString(1, id);
                p.setString(2, credentialHash);
                bindInfo(p, 3, info);
                p.setLong(8, now.toEpochMilli());
                p.setLong(9, now.toEpochMilli());
                p.executeUpdate();
            }
            return new Endpoint(id, info, "default", false, now, now);
        });
    }

    private static void bindInfo(PreparedStatement p, int first, EndpointInfo info) throws SQLException {
        p.setString(first, info.computerName());
        p.setString(first + 1, String.join(",", info.macs()));
        p.setString(first + 2, String.join(",", info.ips()));
        p.setString(first + 3, info.agentVersion());
        p.setString(first + 4, info.bootstrapVersion());
    }

    @Override
    public Optional<Endpoint> endpointByCredential(String credentialHash) {
        return read("look up an endpoint", db -> queryEndpoints(db, "WHERE credential_hash = ?", credentialHash).stream().findFirst());
    }

    @Override
    public Optional<Endpoint> endpoint(String id) {
        return read("look up an endpoint", db -> queryEndpoints(db, "WHERE id = ?", id).stream().findFirst());
    }

    @Override
    public List<Endpoint> endpoints() {
        return read("list endpoints", db -> queryEndpoints(db, "ORDER BY registered_at", null));
    }

    private static List<Endpoint> queryEndpoints(Connection db, String where, String arg) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("""
                SELECT id, computer_name, macs, ips, agent_version, bootstrap_version, grp, revoked, registered_at, last_seen
                FROM endpoints\s""" + where)) {
            if (arg != null) {
                p.setString(1, arg);
            }
            List<Endpoint> endpoints = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    EndpointInfo info = new EndpointInfo(rs.getString(2), split(rs.getString(3)), split(rs.getString(4)),
                            rs.getString(5), rs.getString(6));
                    endpoints.add(new Endpoint(rs.getString(1), info, rs.getString(7), rs.getInt(8) != 0,
                            Instant.ofEpochMilli(rs.getLong(9)), Instant.ofEpochMilli(rs.getLong(10))));
                }
            }
            return endpoints;
        }
    }

    private static List<String> split(String joined) {
        return joined.isEmpty() ? List.of() : Arrays.asList(joined.split(","));
    }

    @Override
    public void updateEndpoint(String id, EndpointInfo info, Instant now) {
        run("update an endpoint", db -> {
            try (PreparedStatement p = db.prepareStatement("""
                    UPDATE endpoints SET computer_name = ?, macs = ?, ips = ?, agent_version = ?, bootstrap_version = ?,
                      last_seen = ? WHERE id = ?""")) {
                bindInfo(p, 1, info);
                p.setLong(6, now.toEpochMilli());
                p.setString(7, id);
                return p.executeUpdate();
            }
        });
    }

    @Override
    public boolean revokeEndpoint(String id) {
        return transaction("revoke an endpoint", db -> {
            boolean changed = update(db, "UPDATE endpoints SET revoked = 1 WHERE id = ? AND revoked = 0", id) > 0;
            if (changed) {
                bumpRevision(db);
            }
            return changed;
        });
    }

    @Override
    public boolean setEndpointGroup(String id, String group) {
        return transaction("move an endpoint", db -> {
            boolean changed;
            try (PreparedStatement p = db.prepareStatement("UPDATE endpoints SET grp = ? WHERE id = ?")) {
                p.setString(1, group);
                p.setString(2, id);
                changed = p.executeUpdate() > 0;
            }
            if (changed) {
                bumpRevision(db);
            }
            return changed;
        });
    }

    // ---------------------------------------------------------------------------------------- users

    @Override
    public boolean addUser(String username, String displayName, String passwordHash) {
        return run("add a user", db -> {
            try (PreparedStatement p = db.prepareStatement(
                    "INSERT OR IGNORE INTO users (username, display_name, password_hash) VALUES (?, ?, ?)")) {
                p.setString(1, username);
                p.setString(2, displayName);
                p.setString(3, passwordHash);
                return p.executeUpdate() > 0;
            }
        });
    }

    @Override
    public Optional<UserAccount> user(String username) {
        return read("look up a user", db -> queryUsers(db, "WHERE username = ?", username).stream().findFirst());
    }

    @Override
    public List<UserAccount> users() {
        return read("list users", db -> queryUsers(db, "ORDER BY username", null));
    }

    private static List<UserAccount> queryUsers(Connection db, String where, String arg) throws SQLException {
        try (PreparedStatement p = db.prepareStatement(
                "SELECT username, display_name, password_hash, disabled, failures, locked_until FROM users " + where)) {
            if (arg != null) {
                p.setString(1, arg);
            }
            List<UserAccount> users = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    long locked = rs.getLong(6);
                    Instant lockedUntil = rs.wasNull() ? null : Instant.ofEpochMilli(locked);
                    users.add(new UserAccount(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4) != 0,
                            rs.getInt(5), lockedUntil));
                }
            }
            return users;
        }
    }

    @Override
    public boolean setPasswordHash(String username, String passwordHash) {
        return run("set a password", db -> update(db,
                "UPDATE users SET password_hash = ?, failures = 0, locked_until = NULL WHERE username = ?", passwordHash, username) > 0);
    }

    @Override
    public boolean setDisabled(String username, boolean disabled) {
        return run("disable a user", db -> update(db, "UPDATE users SET disabled = ? WHERE username = ?", disabled ? "1" : "0", username) > 0);
    }

    @Override
    public boolean removeUser(String username) {
        return run("remove a user", db -> update(db, "DELETE FROM users WHERE username = ?", username) > 0);
    }

    @Override
    public Optional<UserAccount> recordFailure(String username, int maxFailures, Instant lockUntil) {
        return transaction("count a failure", db -> {
            try (PreparedStatement p = db.prepareStatement("""
                    UPDATE users SET
                      locked_until = CASE WHEN failures + 1 >= ? THEN ? ELSE locked_until END,
                      failures = CASE WHEN failures + 1 >= ? THEN 0 ELSE failures + 1 END
                    WHERE username = ?""")) {
                p.setInt(1, maxFailures);
                p.setLong(2, lockUntil.toEpochMilli());
                p.setInt(3, maxFailures);
                p.setString(4, username);
                p.executeUpdate();
            }
            return queryUsers(db, "WHERE username = ?", username).stream().findFirst();
        });
    }

    @Override
    public boolean clearFailures(String username) {
        // Most sign-ins have nothing to clear: asking a read connection first keeps them from queueing for the writer
        // behind an audit commit's fsync. A failure committed after this read is simply later than this clear.
        boolean anything = read("look up failures", db -> {
            try (PreparedStatement p = db.prepareStatement(
                    "SELECT 1 FROM users WHERE username = ? AND (failures > 0 OR locked_until IS NOT NULL)")) {
                p.setString(1, username);
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next();
                }
            }
        });
        if (!anything) {
            return false;
        }
        return run("clear failures", db -> update(db,
                "UPDATE users SET failures = 0, locked_until = NULL WHERE username = ? AND (failures > 0 OR locked_until IS NOT NULL)",
                username) > 0);
    }

    // ---------------------------------------------------------------------------------------- badges

    @Override
    public Optional<BadgeLink> badge(String badge) {
        return read("look up a badge", db -> queryBadges(db, "WHERE badge = ?", badge).stream().findFirst());
    }

    @Override
    public List<BadgeLink> badges() {
        return read("list badges", db -> queryBadges(db, "ORDER BY username, linked_at", null));
    }

    private static List<BadgeLink> queryBadges(Connection db, String where, String arg) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("SELECT badge, username, linked_at FROM badges " + where)) {
            if (arg != null) {
                p.setString(1, arg);
            }
            List<BadgeLink> links = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    links.add(new BadgeLink(rs.getString(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3))));
                }
            }
            return links;
        }
    }

    @Override
    public LinkResult linkBadge(String badge, String username, Instant now) {
        return transaction("link a badge", db -> {
            Optional<UserAccount> user = queryUsers(db, "WHERE username = ?", username).stream().findFirst();
            if (user.isEmpty()) {
                return LinkResult.NO_SUCH_USER;
            }
            Optional<BadgeLink> existing = queryBadges(db, "WHERE badge = ?", badge).stream().findFirst();
            if (existing.isPresent()) {
                return existing.get().username().equalsIgnoreCase(username) ? LinkResult.ALREADY_LINKED : LinkResult.OTHER_USER;
            }
            try (PreparedStatement p = db.prepareStatement("INSERT INTO badges (badge, username, linked_at) VALUES (?, ?, ?)")) {
                p.setString(1, badge);
                p.setString(2, user.get().username());
                p.setLong(3, now.toEpochMilli());
                p.executeUpdate();
            }
            return LinkResult.LINKED;
        });
    }

    @Override
    public boolean unlinkBadge(String badge) {
        return run("unlink a badge", db -> update(db, "DELETE FROM badges WHERE badge = ?", badge) > 0);
    }

    @Override
    public BadgeRange addBadgeRange(BadgeRange.Kind kind, String low, String high) {
        return run("add a badge range", db -> {
            try (PreparedStatement p = db.prepareStatement("INSERT INTO badge_ranges (kind, low, high) VALUES (?, ?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                p.setString(1, kind.label());
                p.setString(2, low);
                p.setString(3, high);
                p.executeUpdate();
                try (ResultSet keys = p.getGeneratedKeys()) {
                    keys.next();
                    return new BadgeRange(keys.getLong(1), kind, low, high);
                }
            }
        });
    }

    @Override
    public List<BadgeRange> badgeRanges() {
        return read("list badge ranges", db -> {
            List<BadgeRange> ranges = new ArrayList<>();
            try (PreparedStatement p = db.prepareStatement("SELECT id, kind, low, high FROM badge_ranges ORDER BY id");
                    ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    ranges.add(new BadgeRange(rs.getLong(1), BadgeRange.Kind.valueOf(rs.getString(2).toUpperCase(Locale.ROOT)),
                            rs.getString(3), rs.getString(4)));
                }
            }
            return ranges;
        });
    }

    @Override
    public boolean removeBadgeRange(long id) {
        return run("remove a badge range", db -> update(db, "DELETE FROM badge_ranges WHERE id = ?", Long.toString(id)) > 0);
    }

    // ---------------------------------------------------------------------------------------- policy

    @Override
    public long setPolicy(String group, String document) {
        return transaction("set a policy", db -> {
            long version = bumpRevision(db);
            try (PreparedStatement p = db.prepareStatement("INSERT OR REPLACE INTO policies (grp, document, version) VALUES (?, ?, ?)")) {
                p.setString(1, group);
                p.setString(2, document);
                p.setLong(3, version);
                p.executeUpdate();
            }
            return version;
        });
    }

    @Override
    public Optional<GroupPolicy> policy(String group) {
        return read("read a policy", db -> queryPolicies(db, "WHERE grp = ?", group).stream().findFirst());
    }

    @Override
    public List<GroupPolicy> policies() {
        return read("list policies", db -> queryPolicies(db, "ORDER BY grp", null));
    }

    private static List<GroupPolicy> queryPolicies(Connection db, String where, String arg) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("SELECT grp, document, version FROM policies " + where)) {
            if (arg != null) {
                p.setString(1, arg);
            }
            List<GroupPolicy> policies = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    policies.add(new GroupPolicy(rs.getString(1), rs.getString(2), rs.getLong(3)));
                }
            }
            return policies;
        }
    }

    @Override
    public long revision() {
        return read("read the revision", db -> {
            try (PreparedStatement p = db.prepareStatement("SELECT value FROM meta WHERE key = 'revision'");
                    ResultSet rs = p.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    /** Inside a transaction: advances the revision and returns the new value. */
    private static long bumpRevision(Connection db) throws SQLException {
        try (Statement s = db.createStatement()) {
            s.executeUpdate("UPDATE meta SET value = value + 1 WHERE key = 'revision'");
            try (ResultSet rs = s.executeQuery("SELECT value FROM meta WHERE key = 'revision'")) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    // ---------------------------------------------------------------------------------------- audit

    @Override
    public int appendAudit(List<AuditRecord> events) {
        if (events.isEmpty()) {
            return 0;
        }
        return auditWriter.submit(events);
    }

    /**
     * One transaction for every caller's events the audit writer took at once: one fsync for all of them. Returns,
     * per caller, how many of its events were new.
     */
    private List<Integer> commitAudit(List<List<AuditRecord>> batch) {
        return transaction("store audit events", db -> {
            List<Integer> stored = new ArrayList<>(batch.size());
            try (PreparedStatement p = db.prepareStatement("""
                    INSERT OR IGNORE INTO audit (id, time, origin, endpoint, type, username, detail)
                    VALUES (?, ?, ?, ?, ?, ?, ?)""")) {
                for (List<AuditRecord> events : batch) {
                    int n = 0;
                    for (AuditRecord e : events) {
                        p.setString(1, e.id());
                        p.setLong(2, e.time().toEpochMilli());
                        p.setString(3, e.origin());
                        p.setString(4, nn(e.endpoint()));
                        p.setString(5, e.type());
                        p.setString(6, nn(e.user()));
                        p.setString(7, nn(e.detail()));
                        n += p.executeUpdate();
                    }
                    stored.add(n);
                }
            }
            return stored;
        });
    }

    private static String nn(String s) {
        return s == null ? "" : s;
    }

    @Override
    public List<AuditRecord> audit(AuditQuery query) {
        return read("list audit events", db -> {
            StringBuilder sql = new StringBuilder(
                    "SELECT seq, id, time, origin, endpoint, type, username, detail FROM audit WHERE 1 = 1");
            List<String> args = new ArrayList<>();
            if (query.type() != null) {
                sql.append(" AND type = ?");
                args.add(query.type());
            }
            if (query.user() != null) {
                sql.append(" AND username = ? COLLATE NOCASE");
                args.add(query.user());
            }
            if (query.endpoint() != null) {
                sql.append(" AND endpoint = ?");
                args.add(query.endpoint());
            }
            sql.append(" ORDER BY seq DESC LIMIT ").append(Math.max(1, query.limit()));
            List<AuditRecord> records = new ArrayList<>();
            try (PreparedStatement p = db.prepareStatement(sql.toString())) {
                for (int i = 0; i < args.size(); i++) {
                    p.setString(i + 1, args.get(i));
                }
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        records.add(new AuditRecord(rs.getLong(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)),
                                rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8)));
                    }
                }
            }
            java.util.Collections.reverse(records);
            return records;
        });
    }

    // ---------------------------------------------------------------------------------------- plumbing

    @Override
    public void close() {
        auditWriter.close();
        readers.close();
        try {
            synchronized (writer) {
                writer.close();
            }
        } catch (SQLException e) {
            throw new StoreException("cannot close the store: " + e.getMessage(), e);
        }
    }

    private static int update(Connection db, String sql, String... args) throws SQLException {
        try (PreparedStatement p = db.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                p.setString(i + 1, args[i]);
            }
            return p.executeUpdate();
        }
    }

    private interface Work<T> {
        T run(Connection db) throws SQLException;
    }

    /** A read on a read connection: in WAL mode it never waits for the writer's commit (and its fsync). */
    private <T> T read(String what, Work<T> work) {
        return readers.read(what, work::run);
    }

    /** One statement on the writer connection (its own transaction). */
    private <T> T run(String what, Work<T> work) {
        synchronized (writer) {
            try {
                return work.run(writer);
            } catch (SQLException e) {
                throw new StoreException("store failed to " + what + ": " + e.getMessage(), e);
            }
        }
    }

    private <T> T transaction(String what, Work<T> work) {
        synchronized (writer) {
            try {
                writer.setAutoCommit(false);
                try {
                    T result = work.run(writer);
                    writer.commit();
                    return result;
                } catch (SQLException | RuntimeException e) {
                    writer.rollback();
                    throw e;
                } finally {
                    writer.setAutoCommit(true);
                }
            } catch (SQLException e) {
                throw new StoreException("store failed to " + what + ": " + e.getMessage(), e);
            }
        }
    }
}
