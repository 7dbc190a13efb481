package dev.samos.portal;

import dev.samos.address.ValueAddress;
import dev.samos.execution.ExecutionAddress;
import dev.samos.execution.ExecutionStatus;
import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The execution index of a portal: for each execution address its function, kwargs, status, result, attempts and
 * lease; the functions known; the workers alive. {@code due} is when a row next needs attention: a PENDING row may
 * run from then (its retry backoff), a RUNNING row may be taken over from then (its lease expiry) — one index on
 * (status, due) serves every queue pick. Leases make "compute once" hold across JVMs: whoever holds an
 * unexpired lease computes, the others wait for the result; a lease that is not renewed (its JVM died) expires and
 * the execution can be claimed again.
 */
final class ExecutionIndex {

    static final String SCHEMA = """
            CREATE TABLE IF NOT EXISTS execution (
              address     TEXT PRIMARY KEY,
              function    TEXT NOT NULL,
              kwargs      TEXT NOT NULL,
              status      TEXT NOT NULL,
              result      TEXT,
              attempts    INTEGER NOT NULL DEFAULT 0,
              lease_owner TEXT,
              due         INTEGER NOT NULL DEFAULT 0,
              tries       INTEGER NOT NULL DEFAULT 0,
              updated     INTEGER NOT NULL
            ) WITHOUT ROWID
            ;
            CREATE INDEX IF NOT EXISTS execution_due ON execution (status, due)
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
              execution TEXT NOT NULL,
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
        /** The caller holds the lease now and computes; {@code attempt} is its attempt number. */
        record Claimed(long attempt) implements Claim {
        }

        /** The result is stored already. */
        record Done(ValueAddress result) implements Claim {
        }

        /** Another worker holds an unexpired lease. */
        record Held(String owner, long until) implements Claim {
        }
    }

    /** A swarmed execution a worker has claimed: what to run, and which attempt this is. */
    record Task(ExecutionAddress address, ValueAddress function, ValueAddress kwargs, long attempt, long tries) {
    }

    private final PortalDatabase db;
    private final Clock clock;

    ExecutionIndex(PortalDatabase db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** The stored result of an execution, or null. */
    ValueAddress result(ExecutionAddress address) {
        String result = db.queryOne("SELECT result FROM execution WHERE address = ? AND status = 'DONE'",
                row -> row.getString(1), address.toString());
        return result == null ? null : ValueAddress.parse(result);
    }

    /** Takes the lease on an execution unless it is done or leased by someone else; creates it if new. */
    Claim claim(ExecutionAddress address, ValueAddress function, ValueAddress kwargs, String owner, long leaseMillis) {
        return db.inTransaction(() -> {
            long now = clock.millis();
            record Row(String status, String result, long attempts, String owner, long until) {
            }
            Row row = db.queryOneInTransaction(
                    "SELECT status, result, attempts, lease_owner, due FROM execution WHERE address = ?",
                    r -> new Row(r.getString(1), r.getString(2), r.getLong(3), r.getString(4), r.getLong(5)),
                    address.toString());
            if (row == null) {
                db.updateInTransaction("INSERT INTO execution (address, function, kwargs, status, attempts, tries, "
                                + "lease_owner, due, updated) VALUES (?, ?, ?, 'RUNNING', 1, 1, ?, ?, ?)",
                        address.toString(), function.toString(), kwargs.toString(), owner, now + leaseMillis, now);
                return new Claim.Claimed(1);
            }
            if (row.status().equals("DONE")) {
                return new Claim.Done(ValueAddress.parse(row.result()));
            }
            if (row.status().equals("RUNNING") && row.until() > now && !owner.equals(row.owner())) {
                return new Claim.Held(row.owner(), row.until());
            }
            long attempt = row.attempts() + 1;
            db.updateInTransaction("UPDATE execution SET status = 'RUNNING', attempts = ?, tries = tries + 1, "
                    + "lease_owner = ?, due = ?, updated = ? WHERE address = ?",
                    attempt, owner, now + leaseMillis, now, address.toString());
            return new Claim.Claimed(attempt);
        });
    }

    /**
     * Records a swarm request: a new execution is PENDING; a FAILED one is requested again (its tries start over);
     * a pending, running or done one is left as it is. Returns the status it has now.
     */
    ExecutionStatus request(ExecutionAddress address, ValueAddress function, ValueAddress kwargs) {
        // One statement: insert it, or put a FAILED one back in the queue; RETURNING tells which status it has now.
        String status = db.queryOne("""
                INSERT INTO execution (address, function, kwargs, status, updated) VALUES (?1, ?2, ?3, 'PENDING', ?4)
                ON CONFLICT (address) DO UPDATE SET status = 'PENDING', tries = 0, due = 0, updated = ?4
                    WHERE execution.status = 'FAILED'
                RETURNING status""", row -> row.getString(1),
                address.toString(), function.toString(), kwargs.toString(), clock.millis());
        // No row returned: it existed and was not FAILED, so it is left as it was.
        return status != null ? ExecutionStatus.valueOf(status) : status(address);
    }

    /**
     * Claims up to {@code limit} runnable swarmed executions for {@code owner}, oldest first: PENDING ones whose
     * backoff has passed, or RUNNING ones whose lease expired (their worker died). One statement, so two JVMs never
     * claim the same execution, and one commit for the batch; it reads the (status, due) index only.
     */
    List<Task> claimNext(String owner, long leaseMillis, int limit) {
        long now = clock.millis();
        return db.query("""
                UPDATE execution SET status = 'RUNNING', lease_owner = ?1, due = ?2, attempts = attempts + 1,
                                     tries = tries + 1, updated = ?3
                WHERE address IN (SELECT address FROM execution
                                  WHERE status IN ('PENDING', 'RUNNING') AND due <= ?3
                                  ORDER BY due LIMIT ?4)
                RETURNING address, function, kwargs, attempts, tries""",
                row -> new Task(ExecutionAddress.parse(row.getString(1)), ValueAddress.parse(row.getString(2)),
                        ValueAddress.parse(row.getString(3)), row.getLong(4), row.getLong(5)),
                owner, now + leaseMillis, now, limit);
    }

    /** Hands a failed or declined attempt back to the queue, to be tried again from {@code notBefore}. */
    void retryLater(ExecutionAddress address, long notBefore) {
        db.update("UPDATE execution SET status = 'PENDING', lease_owner = NULL, due = ?, "
                + "updated = ? WHERE address = ? AND status = 'RUNNING'", notBefore, clock.millis(),
                address.toString());
    }

    /** Like {@link #retryLater} for a pre-validator that declined: the attempt does not count as a try. */
    void handBack(ExecutionAddress address, long notBefore) {
        db.update("UPDATE execution SET status = 'PENDING', lease_owner = NULL, due = ?, "
                + "tries = tries - 1, updated = ? WHERE address = ? AND status = 'RUNNING'", notBefore,
                clock.millis(), address.toString());
    }

    ExecutionStatus status(ExecutionAddress address) {
        String status = db.queryOne("SELECT status FROM execution WHERE address = ?", r -> r.getString(1),
                address.toString());
        return status == null ? null : ExecutionStatus.valueOf(status);
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
                db.update("UPDATE execution SET due = ? WHERE address = ? AND lease_owner = ? AND status = 'RUNNING'",
                        until, address.toString(), owner);
            }
        });
    }

    /** Takes a PENDING execution out of the queue (FAILED: a later request or call runs it again). */
    boolean cancelPending(ExecutionAddress address) {
        return db.update("UPDATE execution SET status = 'FAILED', due = 0, updated = ? "
                + "WHERE address = ? AND status = 'PENDING'", clock.millis(), address.toString()) == 1;
    }

    void markDone(ExecutionAddress address, ValueAddress result) {
        db.update("UPDATE execution SET status = 'DONE', result = ?, lease_owner = NULL, due = 0, "
                + "updated = ? WHERE address = ?", result.toString(), clock.millis(), address.toString());
    }

    void markFailed(ExecutionAddress address) {
        db.update("UPDATE execution SET status = 'FAILED', lease_owner = NULL, due = 0, updated = ? "
                + "WHERE address = ? AND status <> 'DONE'", clock.millis(), address.toString());
    }

    /** Forgets a result whose stored value turned out damaged, so the execution runs again. */
    void resetResult(ExecutionAddress address) {
        db.update("UPDATE execution SET status = 'FAILED', result = NULL, updated = ? WHERE address = ?",
                clock.millis(), address.toString());
    }

    /** Stores an attempt's record (its storage-codec bytes): in the index, not as a value, since nobody addresses it. */
    void addAttemptRecord(ExecutionAddress address, long number, byte[] record) {
        db.update("INSERT OR REPLACE INTO attempt_record (execution, number, record) VALUES (?, ?, ?)",
                address.toString(), number, record);
    }

    List<byte[]> attemptRecords(ExecutionAddress address) {
        return db.query("SELECT record FROM attempt_record WHERE execution = ? ORDER BY number",
                row -> row.getBytes(1), address.toString());
    }

    record Row(String function, String kwargs, ExecutionStatus status, String result) {
    }

    Row row(ExecutionAddress address) {
        return db.queryOne("SELECT function, kwargs, status, result FROM execution WHERE address = ?",
                r -> new Row(r.getString(1), r.getString(2), ExecutionStatus.valueOf(r.getString(3)),
                        r.getString(4)), address.toString());
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
