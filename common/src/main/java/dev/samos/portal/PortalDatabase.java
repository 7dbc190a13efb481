package dev.samos.portal;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The SQLite database of a portal folder ({@code samos.db}, WAL mode), shared by every JVM that opens the folder.
 * One connection per portal; JDBC connections are not for concurrent use, so statements take turns on a lock.
 * Transactions that read then write start with {@code BEGIN IMMEDIATE}, so two JVMs never both read a lease as free.
 */
final class PortalDatabase implements AutoCloseable {

    /** One row of a query, read by column position. */
    @FunctionalInterface
    interface RowReader<T> {
        T read(ResultSet row) throws SQLException;
    }

    /** Work inside one transaction. */
    @FunctionalInterface
    interface Work<T> {
        T run() throws SQLException;
    }

    /** The layout of the portal's tables; a folder made with another layout is refused, never misread. */
    static final int LAYOUT_VERSION = 3;

    private final Path file;
    private final Connection connection;
    private final ReentrantLock lock = new ReentrantLock();
    /** Prepared once per SQL text: compiling a statement costs more than running a point query. */
    private final java.util.Map<String, PreparedStatement> statements = new java.util.HashMap<>();
    /** Whether the lock holder is inside {@link #inTransaction}: nested transactions join the outer one. */
    private boolean inTransaction;
    /** Caches of what the database holds, told to forget when a transaction rolls back. */
    private final List<Runnable> onRollback = new java.util.concurrent.CopyOnWriteArrayList<>();

    private PortalDatabase(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    static PortalDatabase open(Path file, String schema) {
        SqliteLibrary.install();
        try {
            java.util.Properties properties = new java.util.Properties();
            // Else the driver asks for last_insert_rowid() after every insert, a tenth of a swarm worker's time;
            // the index reads ids with RETURNING where it needs them.
            properties.setProperty("jdbc.get_generated_keys", "false");
            Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file, properties);
            org.sqlite.BusyHandler.setHandler(connection, new ShortWaits());
            try (Statement s = connection.createStatement()) {
                s.execute("PRAGMA journal_mode = WAL");
                s.execute("PRAGMA synchronous = NORMAL");
                // Addresses are hashes, so every insert lands on a random page: keep many pages in memory, and
                // checkpoint the WAL (the one fsync of NORMAL mode) every ~64 MiB rather than every 4 MiB.
                s.execute("PRAGMA cache_size = -65536");
                s.execute("PRAGMA wal_autocheckpoint = 16384");
                int version;
                try (ResultSet row = s.executeQuery("PRAGMA user_version")) {
                    version = row.next() ? row.getInt(1) : 0;
                }
                if (version != 0 && version != LAYOUT_VERSION) {
                    throw new PortalStorageException("portal database " + file + " has layout version " + version
                            + "; this Samos reads version " + LAYOUT_VERSION + " (open it with a matching Samos)",
                            null);
                }
                // Statements end with a line holding only ";" (triggers contain ";" of their own).
                for (String statement : schema.split("\n;\n")) {
                    if (!statement.isBlank()) {
                        execute(s, statement);
                    }
                }
                s.execute("PRAGMA user_version = " + LAYOUT_VERSION);
            }
            return new PortalDatabase(file, connection);
        } catch (SQLException e) {
            throw new PortalStorageException("cannot open the portal database " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Runs a schema statement. A column added to a table of this layout is an {@code ALTER TABLE … ADD COLUMN} in
     * the schema (with a default, so rows and older Samos versions that do not name it read on as before): on a
     * folder that has the column already (new, or opened before) it is a duplicate, and is skipped.
     */
    private static void execute(Statement s, String statement) throws SQLException {
        try {
            s.execute(statement);
        } catch (SQLException e) {
            boolean addsColumn = statement.strip().toUpperCase(java.util.Locale.ROOT).startsWith("ALTER TABLE")
                    && statement.toUpperCase(java.util.Locale.ROOT).contains("ADD COLUMN");
            if (!addsColumn || e.getMessage() == null || !e.getMessage().contains("duplicate column name")) {
                throw e;
            }
        }
    }

    <T> List<T> query(String sql, RowReader<T> reader, Object... arguments) {
        lock.lock();
        try (ResultSet rows = prepare(sql, arguments).executeQuery()) {
            List<T> result = new ArrayList<>();
            while (rows.next()) {
                result.add(reader.read(rows));
            }
            return result;
        } catch (SQLException e) {
            throw failure("read", e);
        } finally {
            lock.unlock();
        }
    }

    <T> T queryOne(String sql, RowReader<T> reader, Object... arguments) {
        List<T> rows = query(sql, reader, arguments);
        return rows.isEmpty() ? null : rows.getFirst();
    }

    long count(String sql, Object... arguments) {
        Long value = queryOne(sql, row -> row.getLong(1), arguments);
        return value == null ? 0 : value;
    }

    int update(String sql, Object... arguments) {
        lock.lock();
        try {
            return prepare(sql, arguments).executeUpdate();
        } catch (SQLException e) {
            throw failure("write", e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs {@code work} in one write transaction, taken before the first read (BEGIN IMMEDIATE). Called inside
     * another transaction, it joins it: several steps of a call commit once, which is most of their cost.
     */
    <T> T inTransaction(Work<T> work) {
        lock.lock();
        try {
            if (inTransaction) {
                return work.run();
            }
            prepare("BEGIN IMMEDIATE").execute();
            inTransaction = true;
            boolean committed = false;
            try {
                T result = work.run();
                prepare("COMMIT").execute();
                committed = true;
                return result;
            } finally {
                inTransaction = false;
                if (!committed) {
                    prepare("ROLLBACK").execute();
                    onRollback.forEach(Runnable::run);
                }
            }
        } catch (SQLException e) {
            throw failure("write", e);
        } finally {
            lock.unlock();
        }
    }

    /** Registers a cache to clear when a transaction rolls back (what it learned inside may not have happened). */
    void onRollback(Runnable forget) {
        onRollback.add(forget);
    }

    /** {@link #inTransaction(Work)} for work with no result. */
    void inTransaction(Runnable work) {
        inTransaction(() -> {
            work.run();
            return null;
        });
    }

    /** Inside {@link #inTransaction}: the lock is already held, so these run directly. */
    <T> T queryOneInTransaction(String sql, RowReader<T> reader, Object... arguments) throws SQLException {
        try (ResultSet rows = prepare(sql, arguments).executeQuery()) {
            return rows.next() ? reader.read(rows) : null;
        }
    }

    int updateInTransaction(String sql, Object... arguments) throws SQLException {
        return prepare(sql, arguments).executeUpdate();
    }

    /** The cached statement for {@code sql} with {@code arguments} bound; the caller holds the lock. */
    private PreparedStatement prepare(String sql, Object... arguments) throws SQLException {
        PreparedStatement statement = statements.get(sql);
        if (statement == null) {
            statement = connection.prepareStatement(sql);
            statements.put(sql, statement);
        }
        statement.clearParameters();
        for (int i = 0; i < arguments.length; i++) {
            statement.setObject(i + 1, arguments[i]);
        }
        return statement;
    }

    /**
     * Waits while another JVM holds the write lock, for up to a minute, then gives up (the caller gets a
     * {@link PortalStorageException}). SQLite's own busy timeout sleeps 1, 2, 5, 10 … ms between looks; a swarm
     * worker's transaction takes a few ms, so those sleeps left worker processes idle for much of the time. Here
     * the first looks come after tens of microseconds, and then every 0.2 ms (a look costs a few microseconds).
     */
    private static final class ShortWaits extends org.sqlite.BusyHandler {
        private static final long GIVE_UP_NANOS = 60_000_000_000L;
        private long since;

        @Override
        protected int callback(int previousCalls) {
            long now = System.nanoTime();
            if (previousCalls == 0) {
                since = now;
            } else if (now - since > GIVE_UP_NANOS) {
                return 0;
            }
            long pause = Math.min(20_000L << Math.min(previousCalls, 8), 200_000L);
            java.util.concurrent.locks.LockSupport.parkNanos(pause);
            return 1;
        }
    }

    private PortalStorageException failure(String what, SQLException e) {
        return new PortalStorageException("cannot " + what + " the portal database " + file + ": "
                + e.getMessage(), e);
    }

    @Override
    public void close() {
        lock.lock();
        try {
            for (PreparedStatement statement : statements.values()) {
                statement.close();
            }
            statements.clear();
            connection.close();
        } catch (SQLException e) {
            throw failure("close", e);
        } finally {
            lock.unlock();
        }
    }
}
