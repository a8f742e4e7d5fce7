package org.tapin.appliance.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * How each part of the store that keeps its own tables next to the users (second factors, account states) talks to
 * its file: writes on its one connection, one caller at a time; reads on {@link ReadConnections}, which wait for
 * neither; any SQL failure turned into a {@link StoreException} that says what was being done; and the two
 * statements every part needs.
 */
public final class SqlWork implements AutoCloseable {

    /** A unit of work on the connection. */
    public interface Work<T> {
        T run() throws SQLException;
    }

    /** Read connections per part: its reads are one or two per sign-in. */
    private static final int READERS = 4;

    private final Connection db;
    private final ReadConnections readers;
    private final String tables;

    /**
     * @param db the part's connection for writes
     * @param file the store file, for the read connections
     * @param tables what these tables are, for the message if closing fails ("the second-factor tables")
     */
    public SqlWork(Connection db, Path file, String tables) {
        this.db = db;
        this.readers = new ReadConnections(file, READERS);
        this.tables = tables;
    }

    public Connection db() {
        return db;
    }

    /** A read that may run beside writes and other reads: it sees the last commit. */
    public <T> T read(String what, ReadConnections.Read<T> read) {
        return readers.read(what, read);
    }

    /** Work on the write connection (reads inside a write too, so they see its own changes). */
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
        readers.close();
        synchronized (db) {
            try {
                db.close();
            } catch (SQLException e) {
                throw new StoreException("cannot close " + tables + ": " + e.getMessage(), e);
            }
        }
    }
}
