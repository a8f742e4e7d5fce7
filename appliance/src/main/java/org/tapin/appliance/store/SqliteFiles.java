package org.tapin.appliance.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConfig;

/**
 * How every part of the appliance opens its SQLite file and brings its tables up to date, so that the main store
 * and the second-factor tables in the same file can never disagree on durability or locking.
 */
public final class SqliteFiles {

    /** Creates or upgrades a part's tables from {@code fromVersion} (0: none yet), inside the migration's transaction. */
    /** {@code fromVersion} lets a later schema add to an older file; every part is at version 1 so far. */
    public interface Migration {
        void upgrade(Statement s, int fromVersion) throws SQLException;
    }

    private SqliteFiles() {
    }

    /** A connection in WAL mode with {@code synchronous=FULL}: a committed decision survives a power cut. */
    public static Connection open(Path file) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(10_000); // another process (the admin command) may hold the write lock briefly
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.enforceForeignKeys(true);
        // IMMEDIATE: a transaction takes the write lock when it begins, so two processes that read then write
        // wait for each other (busy timeout) instead of one failing at once with SQLITE_BUSY.
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        return DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), config.toProperties());
    }

    /**
     * Runs {@code migration} in one transaction when the schema version kept under {@code metaKey} is older than
     * {@code version}, then records {@code version}; refuses a file written by a newer appliance.
     */
    public static void migrate(Connection db, String metaKey, int version, Migration migration) throws SQLException {
        db.setAutoCommit(false);
        try (Statement s = db.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL)");
            int current = 0;
            try (PreparedStatement read = db.prepareStatement("SELECT value FROM meta WHERE key = ?")) {
                read.setString(1, metaKey);
                try (ResultSet rs = read.executeQuery()) {
                    if (rs.next()) {
                        current = rs.getInt(1);
                    }
                }
            }
            if (current > version) {
                throw new SQLException("the store was written by a newer appliance (" + metaKey + " " + current + ")");
            }
            if (current < version) {
                migration.upgrade(s, current);
                try (PreparedStatement write = db.prepareStatement("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)")) {
                    write.setString(1, metaKey);
                    write.setInt(2, version);
                    write.executeUpdate();
                }
            }
            db.commit();
        } catch (SQLException e) {
            db.rollback();
            throw e;
        } finally {
            db.setAutoCommit(true);
        }
    }
}
