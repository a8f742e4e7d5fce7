package org.tapin.appliance.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * How each part of the store that keeps its own tables next to the users (second factors, account states) talks to
 * its connection: one caller at a time, any SQL failure turned into a {@link StoreException} that says what was
 * being done, and the two statements every part needs.
 */
public final class SqlWork implements AutoCloseable {

    /** A unit of work on the connection. */
    public interface Work<T> {
        T run() throws SQLException;
    }

    private final Connection db;
    private final String tables;

    /** @param tables what these tables are, for the message if closing fails ("the second-factor tables") */
    public SqlWork(Connection db, String tables) {
        this.db = db;
        this.tables = tables;
    }

    public Connection db() {
        return db;
    }

    public <T> T run(String what, Work<T> work) {
        synchronized (db) {
            try {
                return work.run();
            } catch (SQLException e) {
                throw new StoreException("store failed to " + what + ": " + e.getMessage(), e);
            }
        }
    }

    public int update(String sql, Object... args) throws SQLException {
        try (PreparedStatement p = db.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                p.setObject(i + 1, args[i]);
            }
            return p.executeUpdate();
        }
    }

    public boolean userExists(String username) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("SELECT 1 FROM users WHERE username = ?")) {
            p.setString(1, username);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next();
            }
        }
    }

    @Override
    public void close() {
        synchronized (db) {
            try {
                db.close();
            } catch (SQLException e) {
                throw new StoreException("cannot close " + tables + ": " + e.getMessage(), e);
            }
        }
    }
}
