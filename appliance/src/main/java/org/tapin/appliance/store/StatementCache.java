package org.tapin.appliance.store;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A read connection that keeps its prepared statements: SQLite compiles a statement's SQL each time it is prepared,
 * and a badge tap runs some seven reads, so preparing each anew cost more than running it. The callers' code stays
 * plain JDBC ({@code try (PreparedStatement p = db.prepareStatement(sql))}): {@link #wrap} gives a connection whose
 * {@code prepareStatement(sql)} hands out the statement kept for that SQL and whose statements' {@code close()} only
 * clears their parameters; closing the connection closes them all. Closing the result set resets the statement,
 * so no read transaction stays open between reads and each read sees the last commit.
 *
 * <p>One caller at a time per connection ({@link ReadConnections} sees to it). A statement still in use when the
 * same SQL is prepared again (a read nested in another's loop) gets an ordinary, uncached statement.
 */
final class StatementCache implements InvocationHandler {

    /** Far more than the distinct reads; the audit listing's SQL varies with its filters and limit. */
    private static final int MOST = 64;

    private final Connection db;
    private final Map<String, Kept> kept = new LinkedHashMap<>(16, 0.75f, true);

    private StatementCache(Connection db) {
        this.db = db;
    }

    static Connection wrap(Connection db) {
        return (Connection) Proxy.newProxyInstance(StatementCache.class.getClassLoader(), new Class<?>[] {Connection.class},
                new StatementCache(db));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getName().equals("prepareStatement") && args != null && args.length == 1) {
            return prepare((String) args[0]);
        }
        if (method.getName().equals("close") && args == null) {
            closeAll();
        }
        return call(db, method, args);
    }

    private PreparedStatement prepare(String sql) throws SQLException {
        Kept k = kept.get(sql);
        if (k == null) {
            k = new Kept(db.prepareStatement(sql));
            kept.put(sql, k);
            evictBeyondMost();
        } else if (k.inUse) {
            return db.prepareStatement(sql);
        }
        k.inUse = true;
        return k.proxy;
    }

    private void evictBeyondMost() throws SQLException {
        var oldest = kept.entrySet().iterator();
        while (kept.size() > MOST) {
            Kept k = oldest.next().getValue();
            oldest.remove();
            if (k.inUse) {
                k.evicted = true; // its caller still reads from it: it goes when the caller closes it
            } else {
                k.statement.close();
            }
        }
    }

    private void closeAll() throws SQLException {
        List<Kept> all = new ArrayList<>(kept.values());
        kept.clear();
        for (Kept k : all) {
            k.statement.close();
        }
    }

    private static Object call(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** A statement kept for its SQL, and the view of it callers get. */
    private static final class Kept implements InvocationHandler {
        final PreparedStatement statement;
        final PreparedStatement proxy;
        boolean inUse;
        boolean evicted;
        ResultSet result;

        Kept(PreparedStatement statement) {
            this.statement = statement;
            this.proxy = (PreparedStatement) Proxy.newProxyInstance(StatementCache.class.getClassLoader(),
                    new Class<?>[] {PreparedStatement.class}, this);
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (method.getName().equals("close") && args == null) {
                inUse = false;
                if (evicted) {
                    statement.close();
                } else if (!statement.isClosed()) {
                    // Closing the result resets the statement: a caller that left it open must not leave the
                    // connection in a read transaction, pinned to the snapshot of this read.
                    if (result != null) {
                        result.close();
                    }
                    statement.clearParameters();
                }
                result = null;
                return null;
            }
            Object returned = call(statement, method, args);
            if (returned instanceof ResultSet rs) {
                result = rs;
            }
            return returned;
        }
    }
}
