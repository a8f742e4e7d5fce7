package org.tapin.appliance.factor;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.tapin.appliance.store.SqliteFiles;
import org.tapin.appliance.store.SqlWork;
import org.tapin.appliance.store.StoreException;

/**
 * The second factors' tables in the appliance's SQLite file, beside {@link org.tapin.appliance.store.SqliteStore}'s
 * (open that first: these tables refer to its users, and a user removed there takes their secret and codes
 * along). Its own connection and its own schema counter ({@code meta.factor-schema}) keep the two independent.
 * The file is the store's, mode 600; TOTP secrets are sealed besides ({@link SecretBox}), under a key in a file of
 * its own, so the database alone gives none away.
 */
public final class SqliteFactorStore implements FactorStore {

    private static final int SCHEMA_VERSION = 1;
    private final Connection db;
    private final SqlWork sql;
    private final SecretBox box;

    private SqliteFactorStore(Connection db, Path file, SecretBox box) {
        this.db = db;
        this.sql = new SqlWork(db, file, "the second-factor tables");
        this.box = box;
    }

    /** The key that seals TOTP secrets: {@code STORE.totp-key} beside the store file. */
    public static Path keyFile(Path store) {
        return store.resolveSibling(store.getFileName() + ".totp-key");
    }

    public static SqliteFactorStore open(Path file) {
        SecretBox box = SecretBox.open(keyFile(file.toAbsolutePath()));
        try {
            Connection db = SqliteFiles.open(file);
            SqliteFiles.migrate(db, "factor-schema", SCHEMA_VERSION, SqliteFactorStore::createTables);
            return new SqliteFactorStore(db, file, box);
        } catch (SQLException e) {
            throw new StoreException("cannot open the second-factor tables in " + file + ": " + e.getMessage(), e);
        }
    }

    private static void createTables(Statement s, int fromVersion) throws SQLException {
        s.execute("""
                CREATE TABLE totp (
                  username TEXT PRIMARY KEY COLLATE NOCASE REFERENCES users(username) ON DELETE CASCADE,
                  secret BLOB NOT NULL, last_step INTEGER NOT NULL, enrolled_at INTEGER NOT NULL)""");
        s.execute("""
                CREATE TABLE temporary_codes (
                  id INTEGER PRIMARY KEY AUTOINCREMENT,
                  username TEXT NOT NULL COLLATE NOCASE REFERENCES users(username) ON DELETE CASCADE,
                  hash TEXT NOT NULL, issued_at INTEGER NOT NULL, expires_at INTEGER NOT NULL,
                  reusable INTEGER NOT NULL, last_used INTEGER, revoked INTEGER NOT NULL DEFAULT 0)""");
        s.execute("CREATE INDEX temporary_codes_user ON temporary_codes(username)");
        s.execute("""
                CREATE TABLE factor_policies (
                  grp TEXT PRIMARY KEY, method TEXT NOT NULL, temporary_codes INTEGER NOT NULL,
                  until_enrolled INTEGER NOT NULL)""");
        s.execute("""
                CREATE TABLE user_groups (
                  username TEXT PRIMARY KEY COLLATE NOCASE REFERENCES users(username) ON DELETE CASCADE,
                  grp TEXT NOT NULL)""");
    }

    @Override
    public boolean setTotp(String username, byte[] secret, Instant now) {
        return sql.run("enroll TOTP", () -> {
            if (!sql.userExists(username)) {
                return false;
            }
            try (PreparedStatement p = db.prepareStatement("""
                    INSERT OR REPLACE INTO totp (username, secret, last_step, enrolled_at)
                    VALUES ((SELECT username FROM users WHERE username = ?), ?, -1, ?)""")) {
                p.setString(1, username);
                p.setBytes(2, box.seal(secret, username));
                p.setLong(3, now.toEpochMilli());
                return p.executeUpdate() > 0;
            }
        });
    }

    @Override
    public Optional<TotpSecret> totp(String username) {
        return sql.read("read TOTP", db -> {
            try (PreparedStatement p = db.prepareStatement("SELECT username, secret, last_step, enrolled_at FROM totp WHERE username = ?")) {
                p.setString(1, username);
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next() ? Optional.of(new TotpSecret(rs.getString(1), box.open(rs.getBytes(2), rs.getString(1)),
                            rs.getLong(3), Instant.ofEpochMilli(rs.getLong(4)))) : Optional.empty();
                }
            }
        });
    }

    @Override
    public boolean spendTotpStep(String username, long step) {
        return sql.run("spend a TOTP step", () -> sql.update("UPDATE totp SET last_step = ? WHERE username = ? AND last_step < ?",
                step, username, step) > 0);
    }

    @Override
    public boolean removeTotp(String username) {
        return sql.run("remove TOTP", () -> sql.update("DELETE FROM totp WHERE username = ?", username) > 0);
    }

    @Override
    public long addCode(String username, String hash, Instant issued, Instant expires, boolean reusable) {
        return sql.run("store a temporary code", () -> {
            if (!sql.userExists(username)) {
                return -1L;
            }
            try (PreparedStatement p = db.prepareStatement("""
                    INSERT INTO temporary_codes (username, hash, issued_at, expires_at, reusable)
                    VALUES ((SELECT username FROM users WHERE username = ?), ?, ?, ?, ?)""", Statement.RETURN_GENERATED_KEYS)) {
                p.setString(1, username);
                p.setString(2, hash);
                p.setLong(3, issued.toEpochMilli());
                p.setLong(4, expires.toEpochMilli());
                p.setInt(5, reusable ? 1 : 0);
                p.executeUpdate();
                try (ResultSet keys = p.getGeneratedKeys()) {
                    keys.next();
                    return keys.getLong(1);
                }
            }
        });
    }

    @Override
    public List<TemporaryCode> codes(String username) {
        return sql.read("list temporary codes", db -> queryCodes(db, "WHERE username = ? ORDER BY id DESC", username));
    }

    @Override
    public Optional<TemporaryCode> code(long id) {
        return sql.read("read a temporary code", db -> queryCodes(db, "WHERE id = ?", id).stream().findFirst());
    }

    private static List<TemporaryCode> queryCodes(Connection db, String where, Object arg) throws SQLException {
        try (PreparedStatement p = db.prepareStatement(
                "SELECT id, username, hash, issued_at, expires_at, reusable, last_used, revoked FROM temporary_codes " + where)) {
            p.setObject(1, arg);
            List<TemporaryCode> codes = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    long used = rs.getLong(7);
                    Instant lastUsed = rs.wasNull() ? null : Instant.ofEpochMilli(used);
                    codes.add(new TemporaryCode(rs.getLong(1), rs.getString(2), rs.getString(3), Instant.ofEpochMilli(rs.getLong(4)),
                            Instant.ofEpochMilli(rs.getLong(5)), rs.getInt(6) != 0, lastUsed, rs.getInt(8) != 0));
                }
            }
            return codes;
        }
    }

    @Override
    public boolean spendCode(long id, Instant now) {
        long t = now.toEpochMilli();
        return sql.run("spend a temporary code", () -> sql.update("""
                UPDATE temporary_codes SET last_used = ?
                WHERE id = ? AND revoked = 0 AND expires_at > ? AND (reusable = 1 OR last_used IS NULL)""", t, id, t) > 0);
    }

    @Override
    public boolean revokeCode(long id) {
        return sql.run("revoke a temporary code", () -> sql.update("UPDATE temporary_codes SET revoked = 1 WHERE id = ? AND revoked = 0", id) > 0);
    }

    @Override
    public void setPolicy(SecondFactorPolicy policy) {
        sql.run("set a second-factor policy", () -> sql.update("""
                INSERT OR REPLACE INTO factor_policies (grp, method, temporary_codes, until_enrolled) VALUES (?, ?, ?, ?)""",
                policy.group(), policy.method().label(), policy.temporaryCodes() ? 1 : 0, policy.untilEnrolled() ? 1 : 0));
    }

    @Override
    public Optional<SecondFactorPolicy> policy(String group) {
        return sql.read("read a second-factor policy", db -> queryPolicies(db, "WHERE grp = ?", group).stream().findFirst());
    }

    @Override
    public List<SecondFactorPolicy> policies() {
        return sql.read("list second-factor policies", db -> queryPolicies(db, "ORDER BY grp", null));
    }

    private static List<SecondFactorPolicy> queryPolicies(Connection db, String where, String arg) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("SELECT grp, method, temporary_codes, until_enrolled FROM factor_policies " + where)) {
            if (arg != null) {
                p.setString(1, arg);
            }
            List<SecondFactorPolicy> policies = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    policies.add(new SecondFactorPolicy(rs.getString(1),
                            SecondFactorPolicy.Method.valueOf(rs.getString(2).toUpperCase(Locale.ROOT)), rs.getInt(3) != 0, rs.getInt(4) != 0));
                }
            }
            return policies;
        }
    }

    @Override
    public boolean setUserGroup(String username, String group) {
        return sql.run("set a user's group", () -> sql.userExists(username) && sql.update("""
                INSERT OR REPLACE INTO user_groups (username, grp) VALUES ((SELECT username FROM users WHERE username = ?), ?)""",
                username, group) > 0);
    }

    @Override
    public String userGroup(String username) {
        return sql.read("read a user's group", db -> {
            try (PreparedStatement p = db.prepareStatement("SELECT grp FROM user_groups WHERE username = ?")) {
                p.setString(1, username);
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next() ? rs.getString(1) : "default";
                }
            }
        });
    }

    @Override
    public void close() {
        sql.close();
    }
}
