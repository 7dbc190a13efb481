package dev.samos.portal;

import dev.samos.address.ValueAddress;
import dev.samos.execution.ExecutionAddress;
import dev.samos.execution.ExecutionStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The execution index of a portal: for each execution address its function, kwargs, status, result, attempts and
 * lease; the functions known; the workers alive. {@code due} is when a row next needs attention: a PENDING row may
 * run from then (its retry backoff), a RUNNING row may be taken over from then (its lease expiry) — one index on
 * (status, due) serves every queue pick; it holds only the queue (a DONE or FAILED row has no {@code due}), so it
 * stays small however many executions are done. Rows are numbered in request order, so the queue's work touches
 * neighbouring pages; only the hash index takes a random place per new execution. Leases make "compute once" hold
 * across JVMs: whoever holds an unexpired lease computes, the others wait for the result; a lease that is not
 * renewed (its JVM died) expires and the execution can be claimed again.
 */
final class ExecutionIndex {

    static final String SCHEMA = """
            CREATE TABLE IF NOT EXISTS execution (
              id          INTEGER PRIMARY KEY,
              hash_prefix INTEGER NOT NULL,
              hash        BLOB NOT NULL,
              descriptor  TEXT NOT NULL,
              function    TEXT NOT NULL,
              kwargs      BLOB,
              kwargs_value TEXT,
              status      TEXT NOT NULL,
              result      TEXT,
              result_inline BLOB,
              done_record BLOB,
              attempts    INTEGER NOT NULL DEFAULT 0,
              lease_owner TEXT,
              due         INTEGER DEFAULT 0,
              tries       INTEGER NOT NULL DEFAULT 0,
              updated     INTEGER NOT NULL
            )
            ;
            CREATE INDEX IF NOT EXISTS execution_hash ON execution (hash_prefix)
            ;
            CREATE INDEX IF NOT EXISTS execution_due ON execution (status, due) WHERE due IS NOT NULL
            ;
            CREATE TABLE IF NOT EXISTS worker (
              id        TEXT PRIMARY KEY,
              host      TEXT NOT NULL,
              pid       INTEGER NOT NULL,
              threads   INTEGER NOT NULL,
              heartbeat INTEGER NOT NULL
            ) WITHOUT ROWID
            ;
            CREATE TABLE IF NOT EXISTS attempt_record (
              execution INTEGER NOT NULL,
              number    INTEGER NOT NULL,
              record    BLOB NOT NULL,
              PRIMARY KEY (execution, number)
            ) WITHOUT ROWID
            ;
            CREATE TABLE IF NOT EXISTS function (
              bundle TEXT PRIMARY KEY,
              name   TEXT NOT NULL
            ) WITHOUT ROWID
            ;
            CREATE TABLE IF NOT EXISTS validator_use (description TEXT PRIMARY KEY) WITHOUT ROWID
            ;
            INSERT OR IGNORE INTO counter (name, value)
            VALUES ('functions', 0), ('PENDING', 0), ('RUNNING', 0), ('DONE', 0), ('FAILED', 0)
            ;
            CREATE TRIGGER IF NOT EXISTS function_added AFTER INSERT ON function BEGIN
              UPDATE counter SET value = value + 1 WHERE name = 'functions';
            END
            ;
            CREATE TRIGGER IF NOT EXISTS execution_added AFTER INSERT ON execution BEGIN
              UPDATE counter SET value = value + 1 WHERE name = NEW.status;
            END
            ;
            CREATE TRIGGER IF NOT EXISTS execution_moved AFTER UPDATE OF status ON execution
            WHEN OLD.status <> NEW.status BEGIN
              UPDATE counter SET value = value - 1 WHERE name = OLD.status;
              UPDATE counter SET value = value + 1 WHERE name = NEW.status;
            END
            """;

    /** What a claim found. */
    sealed interface Claim {
        /** The caller holds the lease now and computes; {@code attempt} is its attempt number, {@code row} the row. */
        record Claimed(long attempt, long row) implements Claim {
        }

        /** The result is stored already. */
        record Done(ValueAddress result) implements Claim {
        }

        /** Another worker holds an unexpired lease. */
        record Held(String owner, long until) implements Claim {
        }
    }

    /**
     * Kwargs and results up to this many encoded bytes live in the execution's row; larger ones are values of
     * their own (see {@link Arguments}, {@link Result}). Small enough to keep rows of the queue compact.
     */
    static final int INLINE_LIMIT = 4096;

    /**
     * The kwargs of an execution as the index keeps them: usually inline, their storage-codec bytes in the row (a
     * call's arguments are small, and a value entry of their own would cost a second write at a random place);
     * past {@link #INLINE_LIMIT} they are a stored value and the row holds its address.
     */
    record Arguments(byte[] inline, ValueAddress value) {
        static Arguments inline(byte[] bytes) {
            return new Arguments(bytes, null);
        }

        static Arguments stored(ValueAddress address) {
            return new Arguments(null, address);
        }
    }

    /** A swarmed execution a worker has claimed: what to run, and which attempt this is. */
    record Task(long row, ExecutionAddress address, ValueAddress function, Arguments kwargs, long attempt,
            long tries) {
    }

    private static final HexFormat HEX = HexFormat.of();

    private final PortalDatabase db;
    private final Clock clock;

    ExecutionIndex(PortalDatabase db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /**
     * An execution's row is found by its hash: the index holds the hash's first 8 bytes as an integer (a third the
     * size of the whole hash, so fewer index pages to write per new execution) and the row the whole hash, which
     * each look-up compares too. Every statement that finds a row by its address says {@value #BY_HASH}.
     */
    private static final String BY_HASH = "hash_prefix = ? AND hash = ?";

    private static byte[] key(ExecutionAddress address) {
        return HEX.parseHex(address.hash());
    }

    private static long prefix(byte[] key) {
        return java.nio.ByteBuffer.wrap(key).getLong();
    }

    /** {@code arguments} followed by the two of {@link #BY_HASH} for {@code address}. */
    private static Object[] byHash(ExecutionAddress address, Object... arguments) {
        byte[] key = key(address);
        Object[] all = java.util.Arrays.copyOf(arguments, arguments.length + 2);
        all[arguments.length] = prefix(key);
        all[arguments.length + 1] = key;
        return all;
    }

    private static ExecutionAddress address(String descriptor, byte[] hash) {
        return new ExecutionAddress(descriptor, HEX.formatHex(hash));
    }

    private static Arguments arguments(ResultSet row, int inlineColumn) throws SQLException {
        byte[] inline = row.getBytes(inlineColumn);
        return inline != null ? Arguments.inline(inline) : Arguments.stored(ValueAddress.parse(
                row.getString(inlineColumn + 1)));
    }

    /**
     * The result of a DONE execution: its value address, and its storage-codec bytes when it is small enough to
     * live in the row (else it is a stored value).
     */
    record Result(ValueAddress address, byte[] inline) {
    }

    /** The stored result of an execution, or null. */
    Result result(ExecutionAddress address) {
        State state = state(address);
        return state == null ? null : state.result();
    }

    /** An execution's status and, when it is DONE, its result. */
    record State(ExecutionStatus status, Result result) {
    }

    /** The state of an execution in one look (what {@code get} asks each time it looks), or null if unknown. */
    State state(ExecutionAddress address) {
        return db.queryOne("SELECT status, result, result_inline FROM execution WHERE " + BY_HASH, row -> {
            ExecutionStatus status = ExecutionStatus.valueOf(row.getString(1));
            return new State(status, status == ExecutionStatus.DONE
                    ? new Result(ValueAddress.parse(row.getString(2)), row.getBytes(3)) : null);
        }, byHash(address));
    }

    /**
     * The results of those of {@code addresses} that are DONE, by hash, in one query (a caller collecting a swarm
     * asks for hundreds at a time; one look-up each would be most of its work).
     */
    Map<String, Result> results(List<ExecutionAddress> addresses) {
        StringBuilder prefixes = new StringBuilder("[");
        for (ExecutionAddress address : addresses) {
            prefixes.append(prefixes.length() == 1 ? "" : ",").append(prefix(key(address)));
        }
        Map<String, Result> results = new java.util.HashMap<>();
        db.query("SELECT hash, result, result_inline FROM execution WHERE status = 'DONE' "
                + "AND hash_prefix IN (SELECT value FROM json_each(?))", row -> results.put(
                        HEX.formatHex(row.getBytes(1)), new Result(ValueAddress.parse(row.getString(2)),
                                row.getBytes(3))), prefixes.append(']').toString());
        return results; // rows that only share a prefix with an address asked for are never looked up by it
    }

    /** Takes the lease on an execution unless it is done or leased by someone else; creates it if new. */
    Claim claim(ExecutionAddress address, ValueAddress function, Arguments kwargs, String owner, long leaseMillis) {
        byte[] key = key(address);
        return db.inTransaction(() -> {
            long now = clock.millis();
            record Row(long id, String status, String result, long attempts, String owner, long until) {
            }
            Row row = db.queryOneInTransaction(
                    "SELECT id, status, result, attempts, lease_owner, due FROM execution WHERE " + BY_HASH,
                    r -> new Row(r.getLong(1), r.getString(2), r.getString(3), r.getLong(4), r.getString(5),
                            r.getLong(6)), prefix(key), key);
            if (row == null) {
                long id = insert(key, address, function, kwargs, "RUNNING", 1, owner, now + leaseMillis, now);
                return new Claim.Claimed(1, id);
            }
            if (row.status().equals("DONE")) {
                return new Claim.Done(ValueAddress.parse(row.result()));
            }
            if (row.status().equals("RUNNING") && row.until() > now && !owner.equals(row.owner())) {
                return new Claim.Held(row.owner(), row.until());
            }
            long attempt = row.attempts() + 1;
            db.updateInTransaction("UPDATE execution SET status = 'RUNNING', attempts = ?, tries = tries + 1, "
                    + "lease_owner = ?, due = ?, updated = ? WHERE id = ?",
                    attempt, owner, now + leaseMillis, now, row.id());
            return new Claim.Claimed(attempt, row.id());
        });
    }

    /** A new execution's row, inside a transaction: claimed at once ({@code attempts} 1) or requested (0). */
    private long insert(byte[] key, ExecutionAddress address, ValueAddress function, Arguments kwargs, String status,
            long attempts, String owner, long due, long now) throws SQLException {
        return db.queryOneInTransaction("INSERT INTO execution (hash_prefix, hash, descriptor, function, kwargs, "
                        + "kwargs_value, status, attempts, tries, lease_owner, due, updated) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                r -> r.getLong(1), prefix(key), key, address.descriptor(), function.toString(), kwargs.inline(),
                text(kwargs.value()), status, attempts, attempts, owner, due, now);
    }

    private static String text(ValueAddress address) {
        return address == null ? null : address.toString();
    }

    /**
     * Records a swarm request: a new execution is PENDING; a FAILED one is requested again (its tries start over);
     * a pending, running or done one is left as it is. Returns the status it has now.
     */
    ExecutionStatus request(ExecutionAddress address, ValueAddress function, Arguments kwargs) {
        byte[] key = key(address);
        // Look, then insert or revive, in one write transaction: no other JVM writes between the two.
        return db.inTransaction(() -> {
            record Row(long id, ExecutionStatus status) {
            }
            Row row = db.queryOneInTransaction("SELECT id, status FROM execution WHERE " + BY_HASH,
                    r -> new Row(r.getLong(1), ExecutionStatus.valueOf(r.getString(2))), prefix(key), key);
            long now = clock.millis();
            if (row == null) {
                insert(key, address, function, kwargs, "PENDING", 0, null, 0, now);
                return ExecutionStatus.PENDING;
            }
            if (row.status() == ExecutionStatus.FAILED) {
                db.updateInTransaction("UPDATE execution SET status = 'PENDING', tries = 0, due = 0, updated = ? "
                        + "WHERE id = ?", now, row.id());
                return ExecutionStatus.PENDING;
            }
            return row.status();
        });
    }

    /**
     * Claims up to {@code limit} runnable swarmed executions for {@code owner}, oldest first: PENDING ones whose
     * backoff has passed, or RUNNING ones whose lease expired (their worker died). One statement, so two JVMs never
     * claim the same execution, and one commit for the batch; it reads the (status, due) index only, and takes rows
     * in request order, so a batch's rows sit next to each other.
     */
    List<Task> claimNext(String owner, long leaseMillis, int limit) {
        long now = clock.millis();
        return db.query("""
                UPDATE execution SET status = 'RUNNING', lease_owner = ?1, due = ?2, attempts = attempts + 1,
                                     tries = tries + 1, updated = ?3
                WHERE id IN (SELECT id FROM (SELECT id FROM execution WHERE status = 'RUNNING' AND due <= ?3
                                             ORDER BY due LIMIT ?4)
                             UNION ALL
                             SELECT id FROM (SELECT id FROM execution WHERE status = 'PENDING' AND due <= ?3
                                             ORDER BY due, id LIMIT ?4)
                             LIMIT ?4)
                RETURNING id, descriptor, hash, function, kwargs, kwargs_value, attempts, tries""",
                row -> new Task(row.getLong(1), address(row.getString(2), row.getBytes(3)),
                        ValueAddress.parse(row.getString(4)), arguments(row, 5), row.getLong(7), row.getLong(8)),
                owner, now + leaseMillis, now, limit);
    }

    /** Hands a failed or declined attempt back to the queue, to be tried again from {@code notBefore}. */
    void retryLater(ExecutionAddress address, long notBefore) {
        db.update("UPDATE execution SET status = 'PENDING', lease_owner = NULL, due = ?, "
                + "updated = ? WHERE status = 'RUNNING' AND " + BY_HASH, byHash(address, notBefore, clock.millis()));
    }

    /** Like {@link #retryLater} for a pre-validator that declined: the attempt does not count as a try. */
    void handBack(ExecutionAddress address, long notBefore) {
        db.update("UPDATE execution SET status = 'PENDING', lease_owner = NULL, due = ?, "
                + "tries = tries - 1, updated = ? WHERE status = 'RUNNING' AND " + BY_HASH,
                byHash(address, notBefore, clock.millis()));
    }

    void heartbeat(String worker, String host, long pid, int threads) {
        db.update("INSERT INTO worker (id, host, pid, threads, heartbeat) VALUES (?, ?, ?, ?, ?) "
                + "ON CONFLICT (id) DO UPDATE SET threads = excluded.threads, heartbeat = excluded.heartbeat",
                worker, host, pid, threads, clock.millis());
    }

    void removeWorker(String worker) {
        db.update("DELETE FROM worker WHERE id = ?", worker);
    }

    /** Worker threads whose JVM sent a heartbeat within {@code windowMillis}. */
    long liveWorkerThreads(long windowMillis) {
        return db.count("SELECT coalesce(sum(threads), 0) FROM worker WHERE heartbeat >= ? AND threads > 0",
                clock.millis() - windowMillis);
    }

    long liveWorkers(long windowMillis) {
        return db.count("SELECT count(*) FROM worker WHERE heartbeat >= ? AND threads > 0",
                clock.millis() - windowMillis);
    }

    /** Extends the leases {@code owner} holds on {@code addresses}: its executions are alive however long they take. */
    void renewLeases(String owner, java.util.Collection<ExecutionAddress> addresses, long leaseMillis) {
        if (addresses.isEmpty()) {
            return;
        }
        long until = clock.millis() + leaseMillis;
        db.inTransaction(() -> {
            for (ExecutionAddress address : addresses) {
                db.update("UPDATE execution SET due = ? WHERE lease_owner = ? AND status = 'RUNNING' AND " + BY_HASH,
                        byHash(address, until, owner));
            }
        });
    }

    /** Takes a PENDING execution out of the queue (FAILED: a later request or call runs it again). */
    boolean cancelPending(ExecutionAddress address) {
        return db.update("UPDATE execution SET status = 'FAILED', due = NULL, updated = ? "
                + "WHERE status = 'PENDING' AND " + BY_HASH, byHash(address, clock.millis())) == 1;
    }

    /**
     * Marks an execution DONE with its result and the record of the attempt that computed it. That record lives in
     * the execution's row (most executions succeed at their first attempt, and a row of its own would be another
     * write); earlier attempts' records are rows of {@code attempt_record}.
     */
    void markDone(long row, Result result, byte[] doneRecord) {
        // By row id, which its claim returned: no look-up in the hash index.
        db.update("UPDATE execution SET status = 'DONE', result = ?, result_inline = ?, done_record = ?, "
                + "lease_owner = NULL, due = NULL, updated = ? WHERE id = ?", result.address().toString(),
                result.inline(), doneRecord, clock.millis(), row);
    }

    void markFailed(ExecutionAddress address) {
        db.update("UPDATE execution SET status = 'FAILED', lease_owner = NULL, due = NULL, updated = ? "
                + "WHERE status <> 'DONE' AND " + BY_HASH, byHash(address, clock.millis()));
    }

    /** Forgets a result whose stored value turned out damaged, so the execution runs again. */
    void resetResult(ExecutionAddress address) {
        db.inTransaction(() -> {
            // The attempt that computed the damaged result stays on record, among the earlier ones; the DONE
            // attempt is the last one, so its number is the count of attempts.
            db.update("INSERT OR REPLACE INTO attempt_record (execution, number, record) "
                    + "SELECT id, attempts, done_record FROM execution WHERE done_record IS NOT NULL AND "
                    + BY_HASH, byHash(address));
            db.update("UPDATE execution SET status = 'FAILED', result = NULL, result_inline = NULL, "
                    + "done_record = NULL, due = NULL, updated = ? WHERE " + BY_HASH, byHash(address, clock.millis()));
        });
    }

    /** Stores an attempt's record (its storage-codec bytes): in the index, not as a value, since nobody addresses it. */
    void addAttemptRecord(ExecutionAddress address, long number, byte[] record) {
        // Keyed by the execution's row id, which follows request order: records of one batch land side by side.
        db.update("INSERT OR REPLACE INTO attempt_record (execution, number, record) "
                + "SELECT id, ?, ? FROM execution WHERE " + BY_HASH, byHash(address, number, record));
    }

    List<byte[]> attemptRecords(ExecutionAddress address) {
        return db.query("""
                SELECT record FROM (
                  SELECT number, record FROM attempt_record
                  WHERE execution = (SELECT id FROM execution WHERE hash_prefix = ?1 AND hash = ?2)
                  UNION ALL
                  SELECT attempts, done_record FROM execution
                  WHERE hash_prefix = ?1 AND hash = ?2 AND done_record IS NOT NULL)
                ORDER BY number""", row -> row.getBytes(1), byHash(address));
    }

    record Row(String function, Arguments kwargs, ExecutionStatus status, String result) {
    }

    Row row(ExecutionAddress address) {
        return db.queryOne("SELECT function, kwargs, kwargs_value, status, result FROM execution WHERE " + BY_HASH,
                r -> new Row(r.getString(1), arguments(r, 2), ExecutionStatus.valueOf(r.getString(4)),
                        r.getString(5)), byHash(address));
    }

    void registerFunction(ValueAddress bundle, String name) {
        db.update("INSERT OR IGNORE INTO function (bundle, name) VALUES (?, ?)", bundle.toString(), name);
    }

    void useValidator(String description) {
        db.update("INSERT OR IGNORE INTO validator_use (description) VALUES (?)", description);
    }

    List<String> validatorsInUse() {
        return db.query("SELECT description FROM validator_use ORDER BY description", row -> row.getString(1));
    }

    long functionCount() {
        return db.count("SELECT value FROM counter WHERE name = 'functions'");
    }

    Map<ExecutionStatus, Long> countsByStatus() {
        Map<ExecutionStatus, Long> counts = new EnumMap<>(ExecutionStatus.class);
        for (ExecutionStatus status : ExecutionStatus.values()) {
            counts.put(status, 0L);
        }
        db.query("SELECT name, value FROM counter WHERE name IN ('PENDING', 'RUNNING', 'DONE', 'FAILED')",
                row -> counts.put(ExecutionStatus.valueOf(row.getString(1)), row.getLong(2)));
        return counts;
    }
}
