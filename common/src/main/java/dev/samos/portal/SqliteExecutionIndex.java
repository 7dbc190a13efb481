package dev.samos.portal;

import dev.samos.address.ValueAddress;
import dev.samos.codec.CorruptValueException;
import dev.samos.codec.StorageCodec;
import dev.samos.execution.Attempt;
import dev.samos.execution.ExecutionAddress;
import dev.samos.execution.ExecutionStatus;
import dev.samos.index.ExecutionIndex;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The execution index of a local portal, in the folder's SQLite database: for each execution address its function, kwargs, status, result, attempts and
 * lease; the functions known; the workers alive. {@code due} is when a row next needs attention: a PENDING row may
 * run from then (its request, the end of its retry backoff), a RUNNING row may be taken over from then (its lease
 * expiry) — one index on (status, due) serves every queue pick, a sweep's for stale rows too ({@link #claimStale});
 * it holds only the queue (a DONE or FAILED row has no {@code due}), so it stays small however many executions are
 * done. Rows are numbered in request order, so the queue's work touches
 * neighbouring pages; only the hash index takes a random place per new execution. Leases make "compute once" hold
 * across JVMs: whoever holds an unexpired lease computes, the others wait for the result; a lease that is not
 * renewed (its JVM died) expires and the execution can be claimed again.
 *
 * <p><b>News</b> ({@link #onSettled}) is in-JVM only: listeners hear of the executions that became DONE or FAILED
 * through a settle or cancel made <em>through this index object</em>, once its transaction committed. Settles by
 * other JVMs on the same folder (and by other index objects on it) are not heard: SQLite has no cross-process
 * notification, so waiters still look at the index again after a pause, as the news contract allows.
 */
final class SqliteExecutionIndex implements ExecutionIndex {

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
              updated     INTEGER NOT NULL,
              depth       INTEGER NOT NULL DEFAULT 0,
              caller_waits INTEGER NOT NULL DEFAULT 0
            )
            ;
            ALTER TABLE execution ADD COLUMN depth INTEGER NOT NULL DEFAULT 0
            ;
            ALTER TABLE execution ADD COLUMN caller_waits INTEGER NOT NULL DEFAULT 0
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

    private static final HexFormat HEX = HexFormat.of();

    private final PortalDatabase db;
    private final Clock clock;
    private final StorageCodec codec;
    /** Listeners of {@link #onSettled}; read on every settle, so an empty array is the no-listener fast path. */
    private volatile Consumer<ExecutionAddress>[] listeners = noListeners();

    SqliteExecutionIndex(PortalDatabase db, Clock clock, StorageCodec codec) {
        this.db = db;
        this.clock = clock;
        this.codec = codec;
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

    private static Result result(ResultSet row, int addressColumn) throws SQLException {
        return new Result(ValueAddress.parse(row.getString(addressColumn)), row.getBytes(addressColumn + 1));
    }

    private static String text(ValueAddress address) {
        return address == null ? null : address.toString();
    }

    // ---- requests and leases ------------------------------------------------------------------------------------

    @Override
    public List<Requested> request(List<Request> requests) {
        // Look, then insert or revive, in one write transaction: no other JVM writes between the two.
        return db.inTransaction(() -> {
            long now = clock.millis();
            List<Requested> answers = new ArrayList<>(requests.size());
            for (Request request : requests) {
                byte[] key = key(request.address());
                record Row(long id, ExecutionStatus status) {
                }
                Row row = db.queryOneInTransaction("SELECT id, status FROM execution WHERE " + BY_HASH,
                        r -> new Row(r.getLong(1), ExecutionStatus.valueOf(r.getString(2))), prefix(key), key);
                if (row == null) {
                    insert(key, request, "PENDING", 0, null, now, now);
                    answers.add(new Requested(ExecutionStatus.PENDING, true));
                } else if (row.status() == ExecutionStatus.FAILED) {
                    // Requested again, it runs the function of this request: a call retried after a time limit
                    // with a longer one (its validators are part of the function value) gets the longer one.
                    // Its depth too: it nests from where this request was made; and whether a caller waits.
                    db.updateInTransaction("UPDATE execution SET status = 'PENDING', tries = 0, due = ?, "
                            + "lease_owner = NULL, function = ?, depth = ?, caller_waits = ?, updated = ? "
                            + "WHERE id = ?", now, request.function().toString(), request.depth(),
                            request.callerWaits() ? 1 : 0, now, row.id());
                    answers.add(new Requested(ExecutionStatus.PENDING, true));
                } else {
                    answers.add(new Requested(row.status(), false));
                }
            }
            return answers;
        });
    }

    @Override
    public Claim claim(Request request, String owner, long leaseMillis) {
        byte[] key = key(request.address());
        return db.inTransaction(() -> {
            long now = clock.millis();
            record Row(long id, String status, String result, byte[] inline, long attempts, String owner,
                    long until) {
            }
            Row row = db.queryOneInTransaction("SELECT id, status, result, result_inline, attempts, lease_owner, due "
                    + "FROM execution WHERE " + BY_HASH, r -> new Row(r.getLong(1), r.getString(2), r.getString(3),
                            r.getBytes(4), r.getLong(5), r.getString(6), r.getLong(7)), prefix(key), key);
            if (row == null) {
                long id = insert(key, request, "RUNNING", 1, owner, now + leaseMillis, now);
                return new Claim.Claimed(new Lease(owner, 1, id));
            }
            if (row.status().equals("DONE")) {
                return new Claim.Done(new Result(ValueAddress.parse(row.result()), row.inline()));
            }
            if (row.status().equals("RUNNING") && row.until() > now && !owner.equals(row.owner())) {
                return new Claim.Held(row.owner(), row.until());
            }
            long attempt = row.attempts() + 1;
            db.updateInTransaction("UPDATE execution SET status = 'RUNNING', attempts = ?, tries = tries + 1, "
                    + "lease_owner = ?, due = ?, updated = ? WHERE id = ?",
                    attempt, owner, now + leaseMillis, now, row.id());
            return new Claim.Claimed(new Lease(owner, attempt, row.id()));
        });
    }

    /** A new execution's row, inside a transaction: claimed at once ({@code attempts} 1) or requested (0). */
    private long insert(byte[] key, Request request, String status, long attempts, String owner, long due, long now)
            throws SQLException {
        return db.queryOneInTransaction("INSERT INTO execution (hash_prefix, hash, descriptor, function, kwargs, "
                        + "kwargs_value, status, attempts, tries, lease_owner, due, updated, depth, caller_waits) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                r -> r.getLong(1), prefix(key), key, request.address().descriptor(), request.function().toString(),
                request.kwargs().inline(), text(request.kwargs().value()), status, attempts, attempts, owner, due,
                now, request.depth(), request.callerWaits() ? 1 : 0);
    }

    @Override
    public List<Task> claimNext(String owner, long leaseMillis, int limit) {
        return claimRunnable(owner, leaseMillis, limit, 0);
    }

    /**
     * A PENDING row's {@code due} is when it became runnable (its request, or its backoff's end: see {@link #apply}),
     * so "stale" is the same range read of the (status, due) index with an earlier bound. Rows requested by a Samos
     * before this one kept {@code due} 0 for a fresh request: they read as runnable since long ago, i.e. stale, which
     * is what a folder reopened by a newer Samos wants of requests it finds (no record of the old JVM carries them).
     */
    @Override
    public List<Task> claimStale(String owner, long leaseMillis, int limit, long staleAfterMillis) {
        if (staleAfterMillis < 0) {
            throw new IllegalArgumentException("staleAfterMillis must be ≥ 0, was " + staleAfterMillis);
        }
        return claimRunnable(owner, leaseMillis, limit, staleAfterMillis);
    }

    /**
     * Expired leases, then PENDING rows runnable since {@code staleAfterMillis} ago at least. One statement, so two
     * JVMs never claim the same execution, and one commit for the batch; it reads the (status, due) index only, and
     * takes rows in request order, so a batch's rows sit next to each other.
     */
    private List<Task> claimRunnable(String owner, long leaseMillis, int limit, long staleAfterMillis) {
        if (limit <= 0) {
            return List.of(); // SQLite reads a negative LIMIT as none at all
        }
        long now = clock.millis();
        return db.query("""
                UPDATE execution SET status = 'RUNNING', lease_owner = ?1, due = ?2, attempts = attempts + 1,
                                     tries = tries + 1, updated = ?3
                WHERE id IN (SELECT id FROM (SELECT id FROM execution WHERE status = 'RUNNING' AND due <= ?3
                                             ORDER BY due LIMIT ?4)
                             UNION ALL
                             SELECT id FROM (SELECT id FROM execution WHERE status = 'PENDING' AND due <= ?5
                                             ORDER BY due, id LIMIT ?4)
                             LIMIT ?4)
                RETURNING id, descriptor, hash, function, kwargs, kwargs_value, attempts, tries, depth,
                          caller_waits""",
                row -> new Task(address(row.getString(2), row.getBytes(3)), ValueAddress.parse(row.getString(4)),
                        arguments(row, 5), new Lease(owner, row.getLong(7), row.getLong(1)), row.getLong(8),
                        row.getInt(9), row.getInt(10) != 0),
                owner, now + leaseMillis, now, limit, now - staleAfterMillis);
    }

    /**
     * Look, then take, in one write transaction (BEGIN IMMEDIATE), so no other JVM takes a lease between the two.
     * A live lease is busy even when {@code owner} holds it: a task record delivered twice (or named twice in one
     * batch) must not run twice, and the holder runs it already.
     */
    @Override
    public List<TaskClaim> claimTasks(List<ExecutionAddress> addresses, String owner, long leaseMillis) {
        if (addresses.isEmpty()) {
            return List.of();
        }
        return db.inTransaction(() -> {
            long now = clock.millis();
            List<TaskClaim> answers = new ArrayList<>(addresses.size());
            for (ExecutionAddress address : addresses) {
                record Row(long id, String descriptor, String function, Arguments kwargs, ExecutionStatus status,
                        long attempts, long tries, String owner, long due, int depth, boolean callerWaits) {
                }
                Row row = db.queryOneInTransaction("SELECT id, descriptor, function, kwargs, kwargs_value, status, "
                        + "attempts, tries, lease_owner, due, depth, caller_waits FROM execution WHERE " + BY_HASH,
                        r -> new Row(r.getLong(1), r.getString(2), r.getString(3), arguments(r, 4),
                                ExecutionStatus.valueOf(r.getString(6)), r.getLong(7), r.getLong(8), r.getString(9),
                                r.getLong(10), r.getInt(11), r.getInt(12) != 0), byHash(address));
                if (row == null) {
                    answers.add(new TaskClaim.Unknown());
                } else if (row.status() == ExecutionStatus.DONE || row.status() == ExecutionStatus.FAILED) {
                    answers.add(new TaskClaim.Finished(row.status()));
                } else if (row.status() == ExecutionStatus.RUNNING && row.due() > now) {
                    answers.add(new TaskClaim.Busy(row.owner(), row.due()));
                } else {
                    long attempt = row.attempts() + 1;
                    db.updateInTransaction("UPDATE execution SET status = 'RUNNING', attempts = ?, tries = tries + 1, "
                            + "lease_owner = ?, due = ?, updated = ? WHERE id = ?",
                            attempt, owner, now + leaseMillis, now, row.id());
                    answers.add(new TaskClaim.Taken(new Task(new ExecutionAddress(row.descriptor(), address.hash()),
                            ValueAddress.parse(row.function()), row.kwargs(), new Lease(owner, attempt, row.id()),
                            row.tries() + 1, row.depth(), row.callerWaits())));
                }
            }
            return answers;
        });
    }

    /**
     * Every settlement is checked against the lease by row id, owner and attempt number in its UPDATE: a lease that
     * expired and was claimed by another owner (or an execution cancelled meanwhile) matches no row, so the settle
     * changes nothing and is reported refused.
     */
    @Override
    public Settled settle(List<Settlement> settlements, String owner, long leaseMillis, int claimNext) {
        Consumer<ExecutionAddress>[] told = listeners; // who is told is decided before the transaction
        // Attempt records are encoded before the write lock is taken: worker processes on the folder wait for it.
        byte[][] records = new byte[settlements.size()][];
        for (int i = 0; i < records.length; i++) {
            Settlement settlement = settlements.get(i);
            records[i] = codec.encode(settlement.attempt().numbered(settlement.lease().attempt()));
        }
        Settled settled = db.inTransaction(() -> {
            long now = clock.millis();
            Set<ExecutionAddress> refused = new HashSet<>();
            for (int i = 0; i < records.length; i++) {
                Settlement settlement = settlements.get(i);
                if (!settlement.lease().owner().equals(owner) || !apply(settlement, records[i], now)) {
                    refused.add(settlement.address());
                }
            }
            return new Settled(refused, claimNext > 0 ? claimNext(owner, leaseMillis, claimNext) : List.of());
        });
        if (told.length > 0) {
            // After the commit (a rolled-back settle threw above), so a listener that looks finds the outcome.
            for (Settlement settlement : settlements) {
                if ((settlement instanceof Settlement.Done || settlement instanceof Settlement.Failed)
                        && !settled.refused().contains(settlement.address())) {
                    tell(told, settlement.address());
                }
            }
        }
        return settled;
    }

    /**
     * Executions settled through this index object are heard once their transaction committed; settles by other
     * JVMs on the folder are not (see the class comment). Listeners run on the settling thread: they must be quick.
     */
    @Override
    public Subscription onSettled(Consumer<ExecutionAddress> listener) {
        java.util.Objects.requireNonNull(listener, "listener");
        synchronized (this) {
            Consumer<ExecutionAddress>[] more = java.util.Arrays.copyOf(listeners, listeners.length + 1);
            more[listeners.length] = listener;
            listeners = more;
        }
        return () -> unsubscribe(listener);
    }

    private synchronized void unsubscribe(Consumer<ExecutionAddress> listener) {
        Consumer<ExecutionAddress>[] now = listeners;
        for (int i = 0; i < now.length; i++) {
            if (now[i] == listener) { // identity: the same listener subscribed twice has two subscriptions
                Consumer<ExecutionAddress>[] fewer = java.util.Arrays.copyOf(now, now.length - 1);
                System.arraycopy(now, i + 1, fewer, i, now.length - i - 1);
                listeners = fewer;
                return;
            }
        }
    }

    private static void tell(Consumer<ExecutionAddress>[] listeners, ExecutionAddress address) {
        for (Consumer<ExecutionAddress> listener : listeners) {
            try {
                listener.accept(address);
            } catch (RuntimeException e) {
                // News is a hint: a failing listener must not fail the settle that committed, nor starve the rest.
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Consumer<ExecutionAddress>[] noListeners() {
        return (Consumer<ExecutionAddress>[]) new Consumer<?>[0];
    }

    private static final String LEASED = "id = ? AND status = 'RUNNING' AND lease_owner = ? AND attempts = ?";

    /** Applies {@code settlement}, whose attempt's {@code record} is encoded already, if its lease still holds. */
    private boolean apply(Settlement settlement, byte[] record, long now) throws SQLException {
        Lease lease = settlement.lease();
        long id = lease.handle() != 0 ? lease.handle() : rowId(settlement.address());
        int changed = switch (settlement) {
            // The DONE attempt's record lives in the row (most executions succeed at once, and a row of its own
            // would be another write); earlier attempts' records are rows of attempt_record.
            case Settlement.Done done -> db.updateInTransaction("UPDATE execution SET status = 'DONE', result = ?, "
                    + "result_inline = ?, done_record = ?, lease_owner = NULL, due = NULL, updated = ? WHERE "
                    + LEASED, done.result().address().toString(), done.result().inline(), record, now, id,
                    lease.owner(), lease.attempt());
            // A PENDING row's due is when it becomes runnable, never before the settle that made it PENDING: a
            // notBefore already past would make a retry look stale to a sweep before its record had a chance.
            case Settlement.Retry retry -> db.updateInTransaction("UPDATE execution SET status = 'PENDING', "
                    + "lease_owner = NULL, due = ?, updated = ? WHERE " + LEASED, Math.max(retry.notBefore(), now),
                    now, id, lease.owner(), lease.attempt());
            case Settlement.HandBack back -> db.updateInTransaction("UPDATE execution SET status = 'PENDING', "
                    + "lease_owner = NULL, due = ?, tries = tries - 1, updated = ? WHERE " + LEASED,
                    Math.max(back.notBefore(), now), now, id, lease.owner(), lease.attempt());
            case Settlement.Failed failed -> db.updateInTransaction("UPDATE execution SET status = 'FAILED', "
                    + "lease_owner = NULL, due = NULL, updated = ? WHERE " + LEASED, now, id, lease.owner(),
                    lease.attempt());
        };
        if (changed == 1 && !(settlement instanceof Settlement.Done)) {
            db.updateInTransaction("INSERT OR REPLACE INTO attempt_record (execution, number, record) "
                    + "VALUES (?, ?, ?)", id, lease.attempt(), record);
        }
        return changed == 1;
    }

    private long rowId(ExecutionAddress address) throws SQLException {
        byte[] key = key(address);
        Long id = db.queryOneInTransaction("SELECT id FROM execution WHERE " + BY_HASH, r -> r.getLong(1),
                prefix(key), key);
        return id == null ? -1 : id;
    }

    @Override
    public Set<ExecutionAddress> renew(String owner, Collection<ExecutionAddress> addresses, long leaseMillis) {
        if (addresses.isEmpty()) {
            return Set.of();
        }
        long until = clock.millis() + leaseMillis;
        return db.inTransaction(() -> {
            Set<ExecutionAddress> lost = new HashSet<>();
            for (ExecutionAddress address : addresses) {
                if (db.updateInTransaction("UPDATE execution SET due = ? WHERE lease_owner = ? AND status = "
                        + "'RUNNING' AND " + BY_HASH, byHash(address, until, owner)) == 0) {
                    lost.add(address);
                }
            }
            return lost;
        });
    }

    @Override
    public boolean cancel(ExecutionAddress address, Attempt record) {
        Consumer<ExecutionAddress>[] told = listeners;
        boolean cancelled = db.inTransaction(() -> {
            long id = rowId(address);
            // A RUNNING execution's cancel is the record of its running attempt (the number its lease holds); its
            // worker finds the lease gone at its next renewal and stops it, and its settle then matches no row.
            Long running = db.queryOneInTransaction("SELECT attempts FROM execution WHERE id = ? AND status = "
                    + "'RUNNING'", r -> r.getLong(1), id);
            if (db.updateInTransaction("UPDATE execution SET status = 'FAILED', due = NULL, lease_owner = NULL, "
                    + "updated = ? WHERE status IN ('PENDING', 'RUNNING') AND id = ?", clock.millis(), id) != 1) {
                return false;
            }
            long number = Math.max(running == null ? 0 : running, attempts(address).size() + 1);
            db.updateInTransaction("UPDATE execution SET attempts = ? WHERE id = ?", number, id);
            db.updateInTransaction("INSERT OR REPLACE INTO attempt_record (execution, number, record) "
                    + "VALUES (?, ?, ?)", id, number, codec.encode(record.numbered(number)));
            return true;
        });
        if (cancelled && told.length > 0) {
            tell(told, address);
        }
        return cancelled;
    }

    @Override
    public void forgetResult(ExecutionAddress address) {
        db.inTransaction(() -> {
            // The attempt that computed the damaged result stays on record, among the earlier ones; the DONE
            // attempt is the last one, so its number is the count of attempts.
            db.update("INSERT OR REPLACE INTO attempt_record (execution, number, record) "
                    + "SELECT id, attempts, done_record FROM execution WHERE status = 'DONE' "
                    + "AND done_record IS NOT NULL AND " + BY_HASH, byHash(address));
            db.update("UPDATE execution SET status = 'FAILED', result = NULL, result_inline = NULL, "
                    + "done_record = NULL, due = NULL, updated = ? WHERE status = 'DONE' AND " + BY_HASH,
                    byHash(address, clock.millis()));
        });
    }

    // ---- lookups ------------------------------------------------------------------------------------------------

    @Override
    public Optional<State> state(ExecutionAddress address) {
        return Optional.ofNullable(db.queryOne("SELECT status, result, result_inline FROM execution WHERE "
                + BY_HASH, row -> {
                    ExecutionStatus status = ExecutionStatus.valueOf(row.getString(1));
                    return new State(status, status == ExecutionStatus.DONE ? result(row, 2) : null);
                }, byHash(address)));
    }

    /** In one query: a caller collecting a swarm asks for hundreds at a time. */
    @Override
    public Map<ExecutionAddress, Result> results(List<ExecutionAddress> addresses) {
        StringBuilder prefixes = new StringBuilder("[");
        Map<String, ExecutionAddress> asked = new HashMap<>();
        for (ExecutionAddress address : addresses) {
            prefixes.append(prefixes.length() == 1 ? "" : ",").append(prefix(key(address)));
            asked.put(address.hash(), address);
        }
        Map<ExecutionAddress, Result> results = new HashMap<>();
        db.query("SELECT hash, result, result_inline FROM execution WHERE status = 'DONE' "
                + "AND hash_prefix IN (SELECT value FROM json_each(?))", row -> {
                    // rows that only share a prefix with an address asked for are not among the answers
                    ExecutionAddress address = asked.get(HEX.formatHex(row.getBytes(1)));
                    return address == null ? null : results.put(address, result(row, 2));
                }, prefixes.append(']').toString());
        return results;
    }

    @Override
    public Optional<Entry> entry(ExecutionAddress address) {
        return Optional.ofNullable(db.queryOne("SELECT function, kwargs, kwargs_value, status, result, "
                + "result_inline, attempts FROM execution WHERE " + BY_HASH, r -> {
                    ExecutionStatus status = ExecutionStatus.valueOf(r.getString(4));
                    return new Entry(address, ValueAddress.parse(r.getString(1)), arguments(r, 2), status,
                            status == ExecutionStatus.DONE ? result(r, 5) : null, r.getLong(7));
                }, byHash(address)));
    }

    @Override
    public List<Attempt> attempts(ExecutionAddress address) {
        List<byte[]> records = db.query("""
                SELECT record FROM (
                  SELECT number, record FROM attempt_record
                  WHERE execution = (SELECT id FROM execution WHERE hash_prefix = ?1 AND hash = ?2)
                  UNION ALL
                  SELECT attempts, done_record FROM execution
                  WHERE hash_prefix = ?1 AND hash = ?2 AND done_record IS NOT NULL)
                ORDER BY number""", row -> row.getBytes(1), byHash(address));
        List<Attempt> attempts = new ArrayList<>(records.size());
        for (byte[] record : records) {
            try {
                attempts.add((Attempt) codec.decode(record));
            } catch (CorruptValueException | ClassCastException e) {
                // Records describe; they are never results. A damaged one is left out.
            }
        }
        return attempts;
    }

    // ---- functions, validators, workers, counts -------------------------------------------------------------------

    @Override
    public void registerFunction(ValueAddress bundle, String name) {
        db.update("INSERT OR IGNORE INTO function (bundle, name) VALUES (?, ?)", bundle.toString(), name);
    }

    @Override
    public void useValidator(String description) {
        db.update("INSERT OR IGNORE INTO validator_use (description) VALUES (?)", description);
    }

    @Override
    public void heartbeat(String worker, String host, long pid, int threads) {
        db.update("INSERT INTO worker (id, host, pid, threads, heartbeat) VALUES (?, ?, ?, ?, ?) "
                + "ON CONFLICT (id) DO UPDATE SET threads = excluded.threads, heartbeat = excluded.heartbeat",
                worker, host, pid, threads, clock.millis());
    }

    @Override
    public void removeWorker(String worker) {
        db.update("DELETE FROM worker WHERE id = ?", worker);
    }

    @Override
    public Counts counts(long liveWindowMillis) {
        Map<ExecutionStatus, Long> byStatus = new EnumMap<>(ExecutionStatus.class);
        for (ExecutionStatus status : ExecutionStatus.values()) {
            byStatus.put(status, 0L);
        }
        db.query("SELECT name, value FROM counter WHERE name IN ('PENDING', 'RUNNING', 'DONE', 'FAILED')",
                row -> byStatus.put(ExecutionStatus.valueOf(row.getString(1)), row.getLong(2)));
        long since = clock.millis() - liveWindowMillis;
        forgetDeadWorkersOfThisHost();
        return new Counts(db.count("SELECT value FROM counter WHERE name = 'functions'"), byStatus,
                db.count("SELECT count(*) FROM worker WHERE heartbeat >= ? AND threads > 0", since),
                db.count("SELECT coalesce(sum(threads), 0) FROM worker WHERE heartbeat >= ? AND threads > 0", since),
                db.query("SELECT description FROM validator_use ORDER BY description", row -> row.getString(1)));
    }

    /** Asked often (by every waiting caller), so one query of its own. */
    @Override
    public long liveWorkers(long windowMillis) {
        forgetDeadWorkersOfThisHost();
        return db.count("SELECT count(*) FROM worker WHERE heartbeat >= ? AND threads > 0",
                clock.millis() - windowMillis);
    }

    private volatile long deadWorkersCheckedAt = System.nanoTime() - 2_000_000_000L;

    /**
     * A worker JVM of this machine whose process is gone (killed with -9, crashed) is not alive, whatever its last
     * heartbeat says: workers share a folder, so most run here, and their process ids can be asked (at most once a
     * second). Workers of other machines age out with their heartbeats.
     */
    private void forgetDeadWorkersOfThisHost() {
        long now = System.nanoTime();
        if (now - deadWorkersCheckedAt < 1_000_000_000L) {
            return;
        }
        deadWorkersCheckedAt = now;
        record Local(String id, long pid) {
        }
        for (Local worker : db.query("SELECT id, pid FROM worker WHERE host = ?",
                row -> new Local(row.getString(1), row.getLong(2)), LeaseKeeper.HOST)) {
            if (ProcessHandle.of(worker.pid()).map(ProcessHandle::isAlive).orElse(false)) {
                continue;
            }
            db.update("DELETE FROM worker WHERE id = ?", worker.id());
        }
    }

    @Override
    public void close() {
        // The database is the folder's, shared with its value store: the portal closes it.
    }
}
