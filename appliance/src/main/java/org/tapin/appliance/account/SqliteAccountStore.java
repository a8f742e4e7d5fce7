package org.tapin.appliance.account;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.tapin.appliance.store.SqliteFiles;
import org.tapin.appliance.store.SqlWork;
import org.tapin.appliance.store.StoreException;

/**
 * {@link AccountStore} in the appliance's SQLite file, beside the users table (opened after it). Rows follow
 * their user: removing a user removes its flags and history. Accounts that existed before these tables get a
 * row at the upgrade, so that their passwords' age counts from then, not from an unknown past.
 */
public final class SqliteAccountStore implements AccountStore {

    private static final int SCHEMA_VERSION = 1;
    private final Connection db;
    private final SqlWork sql;

    private SqliteAccountStore(Connection db, Path file) {
        this.db = db;
        this.sql = new SqlWork(db, file, "the account tables");
    }

    public static SqliteAccountStore open(Path file) {
        try {
            Connection db = SqliteFiles.open(file);
            SqliteFiles.migrate(db, "account-schema", SCHEMA_VERSION, SqliteAccountStore::createTables);
            return new SqliteAccountStore(db, file);
        } catch (SQLException e) {
            throw new StoreException("cannot open the account tables in " + file + ": " + e.getMessage(), e);
        }
    }

    private static void createTables(Statement s, int fromVersion) throws SQLException {
        s.execute("""
                CREATE TABLE account_state (
                  username TEXT PRIMARY KEY COLLATE NOCASE REFERENCES users(username) ON DELETE CASCADE,
                  must_change INTEGER NOT NULL DEFAULT 0, one_time INTEGER NOT NULL DEFAULT 0, password_set_at INTEGER)""");
        s.execute("""
                CREATE TABLE password_history (
                  id INTEGER PRIMARY KEY AUTOINCREMENT,
                  username TEXT NOT NULL COLLATE NOCASE REFERENCES users(username) ON DELETE CASCADE,
                  hash TEXT NOT NULL, set_at INTEGER NOT NULL)""");
        s.execute("CREATE INDEX password_history_user ON password_history(username)");
        s.execute("INSERT INTO account_state (username, password_set_at) SELECT username, "
                + Instant.now().toEpochMilli() + " FROM users");
    }

    @Override
    public AccountState state(String username) {
        return sql.read("read an account's state", db -> {
            try (PreparedStatement p = db.prepareStatement(
                    "SELECT must_change, one_time, password_set_at FROM account_state WHERE username = ?")) {
                p.setString(1, username);
                try (ResultSet rs = p.executeQuery()) {
                    if (!rs.next()) {
                        return AccountState.NONE;
                    }
                    long at = rs.getLong(3);
                    return new AccountState(rs.getInt(1) != 0, rs.getInt(2) != 0, rs.wasNull() ? null : Instant.ofEpochMilli(at));
                }
            }
        });
    }

    @Override
    public boolean setMustChange(String username, boolean mustChange) {
        return flag("must_change", username, mustChange);
    }

    @Override
    public boolean setOneTime(String username, boolean oneTime) {
        return flag("one_time", username, oneTime);
    }

    private boolean flag(String column, String username, boolean on) {
        return sql.run("set " + column, () -> {
            if (!sql.userExists(username)) {
                return false;
            }
            ensureRow(username);
            return sql.update("UPDATE account_state SET " + column + " = ? WHERE username = ?", on ? 1 : 0, username) > 0;
        });
    }

    @Override
    public boolean passwordSet(String username, String hash, Instant now, boolean mustChange, int keep) {
        return sql.run("record a password change", () -> {
            db.setAutoCommit(false);
            try {
                if (!sql.userExists(username)) {
                    db.rollback();
                    return false;
                }
                ensureRow(username);
                sql.update("UPDATE account_state SET must_change = ?, password_set_at = ? WHERE username = ?", mustChange ? 1 : 0,
                        now.toEpochMilli(), username);
                sql.update("INSERT INTO password_history (username, hash, set_at) VALUES ((SELECT username FROM users WHERE username = ?), ?, ?)",
                        username, hash, now.toEpochMilli());
                sql.update("""
                        DELETE FROM password_history WHERE username = ? AND id NOT IN
                          (SELECT id FROM password_history WHERE username = ? ORDER BY id DESC LIMIT ?)""",
                        username, username, Math.max(1, keep));
                db.commit();
                return true;
            } catch (SQLException | RuntimeException e) {
                db.rollback();
                throw e;
            } finally {
                db.setAutoCommit(true);
            }
        });
    }

    @Override
    public List<String> history(String username, int n) {
        return sql.read("read a password history", db -> {
            try (PreparedStatement p = db.prepareStatement(
                    "SELECT hash FROM password_history WHERE username = ? ORDER BY id DESC LIMIT ?")) {
                p.setString(1, username);
                p.setInt(2, n);
                List<String> hashes = new ArrayList<>();
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        hashes.add(rs.getString(1));
                    }
                }
                return hashes;
            }
        });
    }

    private void ensureRow(String username) throws SQLException {
        sql.update("INSERT OR IGNORE INTO account_state (username) VALUES ((SELECT username FROM users WHERE username = ?))", username);
    }

    @Override
    public void close() {
        sql.close();
    }
}
