package org.tapin.appliance.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Read-only connections to a store file, each used by one caller at a time and opened when first needed, up to a
 * bound. In WAL mode a read sees the last commit and waits for nobody; with one shared connection, reads would
 * still queue behind each other, and one reader descheduled mid-read would hold up every request. Each connection
 * is {@code query_only}: nothing written through it by mistake can bypass the writer, and keeps its prepared
 * statements ({@link StatementCache}).
 */
public final class ReadConnections implements AutoCloseable {

    /** A read on one connection. */
    public interface Read<T> {
        T run(Connection db) throws SQLException;
    }

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final Path file;
    private final Semaphore available;
    private final ConcurrentLinkedQueue<Connection> idle = new ConcurrentLinkedQueue<>();
    private volatile boolean closed;

    public ReadConnections(Path file, int most) {
        this.file = file;
        this.available = new Semaphore(most);
    }

    public <T> T read(String what, Read<T> read) {
        try {
            if (!available.tryAcquire(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new StoreException("store failed to " + what + ": no read connection free within " + WAIT.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted before the store could " + what);
        }
        Connection db = null;
        try {
            if (closed) {
                throw new StoreException("the store is closed: cannot " + what);
            }
            db = idle.poll();
            if (db == null) {
                db = open();
            }
            return read.run(db);
        } catch (SQLException e) {
            throw new StoreException("store failed to " + what + ": " + e.getMessage(), e);
        } finally {
            if (db != null) {
                idle.offer(db);
            }
            available.release();
            if (closed) {
                closeQuietly();
            }
        }
    }

    private Connection open() throws SQLException {
        Connection db = SqliteFiles.open(file);
        try (Statement s = db.createStatement()) {
            s.execute("PRAGMA query_only = ON");
        } catch (SQLException e) {
            db.close();
            throw e;
        }
        return StatementCache.wrap(db);
    }

    /** Closes the idle connections now, and each one in use when its read is done. */
    @Override
    public void close() {
        closed = true;
        closeIdle();
    }

    private void closeQuietly() {
        try {
            closeIdle();
        } catch (StoreException e) {
            // the store is being closed; a read that just finished has nobody to tell
        }
    }

    private void closeIdle() {
        StoreException failed = null;
        for (Connection db; (db = idle.poll()) != null; ) {
            try {
                db.close();
            } catch (SQLException e) {
                failed = new StoreException("cannot close a read connection of " + file + ": " + e.getMessage(), e);
            }
        }
        if (failed != null) {
            throw failed;
        }
    }
}
