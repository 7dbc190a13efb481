package dev.samos.index;

import dev.samos.address.ValueAddress;
import dev.samos.execution.Attempt;
import dev.samos.execution.ExecutionAddress;
import dev.samos.execution.ExecutionStatus;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a portal knows of its executions, by execution address: function, kwargs, status (the table in
 * {@link ExecutionStatus}), result, attempts and lease — the portal's second seam. SQLite in the portal folder for
 * the local portal, Redis behind portal-service for the cluster. Values themselves live in a
 * {@link dev.samos.store.ValueStore}; the index holds small kwargs and results inline (their storage-codec bytes,
 * at most {@link #INLINE_LIMIT}) and the address of larger ones, which the caller stores first: the index never
 * points to a value that is not stored.
 *
 * <p>Leases make "compute once" hold across JVMs and machines: whoever holds an unexpired lease computes, the
 * others wait for its result; a lease its owner does not renew (the owner died) expires, and the execution can be
 * claimed again. Every operation that changes an execution is atomic in the implementation (one SQLite transaction,
 * one Redis script): two owners never hold one lease, and a settle by an owner that lost its lease is refused.
 *
 * <p>Times are epoch milliseconds of the clock the implementation was given; tests give a clock they move.
 */
public interface ExecutionIndex extends AutoCloseable {

    /**
     * Kwargs and results up to this many encoded bytes live in the index beside their execution; larger ones are
     * values of their own. Small enough to keep the queue compact, large enough for nearly every call's arguments.
     */
    int INLINE_LIMIT = 4096;

    // ---- requests and leases --------------------------------------------------------------------------------------

    /**
     * Records swarm requests, each idempotently: a new execution becomes PENDING (and its request was the first); a
     * FAILED one is requested again (PENDING, its tries start over, and it runs the function value of this request,
     * whose validators may differ, as deep and as waited on as this request; also first); a PENDING, RUNNING or DONE
     * one is left as it is, with the function of the request that started it. The answers are in the order of
     * {@code requests}.
     */
    List<Requested> request(List<Request> requests);

    /**
     * Takes the lease on an execution for {@code owner}, creating the execution (RUNNING) if it is new: unless it is
     * DONE (then its result) or another owner holds an unexpired lease (then who and until when).
     */
    Claim claim(Request request, String owner, long leaseMillis);

    /**
     * Claims up to {@code limit} runnable executions for {@code owner}, oldest first: PENDING ones whose backoff has
     * passed, and RUNNING ones whose lease expired. Each is claimed by exactly one caller.
     */
    List<Task> claimNext(String owner, long leaseMillis, int limit);

    /**
     * A sweep's pick: claims up to {@code limit} runnable executions that no task record is likely to carry any
     * more, for {@code owner} — RUNNING ones whose lease expired (their holder died: the lease is their staleness),
     * then PENDING ones runnable for at least {@code staleAfterMillis}, counted from when they became runnable (their
     * request, the end of their retry backoff, their hand-back's {@code notBefore}), oldest first. A fresh PENDING
     * execution is left to the record that carries it, so a sweep does not race a live swarm's records for it. Each
     * is claimed as {@link #claimNext} claims: by exactly one caller, a new attempt, a try counted. With
     * {@code staleAfterMillis} 0 it takes what {@link #claimNext} takes.
     *
     * @throws IllegalArgumentException if {@code staleAfterMillis} is negative
     */
    List<Task> claimStale(String owner, long leaseMillis, int limit, long staleAfterMillis);

    /**
     * Claims the executions named by task records (Kafka's share group delivers them; see executor-service) for
     * {@code owner}, in one unit of work, answering in the order of {@code addresses}: a PENDING execution is taken
     * whatever its backoff (the record's delivery is its schedule), and so is a RUNNING one whose lease expired; a
     * DONE or FAILED one is finished and nothing is claimed (a task record never revives a FAILED execution: only a
     * new request does); one whose lease is unexpired is busy, whoever holds it ({@code owner} too: a record
     * delivered twice, or named twice in one list, must not run twice beside the live lease); an address never
     * requested is unknown. Every taken execution counts a try, as {@link #claimNext} does.
     */
    List<TaskClaim> claimTasks(List<ExecutionAddress> addresses, String owner, long leaseMillis);

    /**
     * Stores the outcomes of attempts that {@code owner} holds leases on, then claims up to {@code claimNext} more
     * (0: none) — one unit of work, so a worker pays one round trip (one transaction, one pipeline) per batch.
     * Settles of executions whose lease {@code owner} no longer holds (it expired and another owner claimed it, or
     * it was cancelled) are refused and change nothing; the others are applied.
     */
    Settled settle(List<Settlement> settlements, String owner, long leaseMillis, int claimNext);

    /** Extends the leases {@code owner} holds on {@code addresses}; answers those it no longer holds. */
    Set<ExecutionAddress> renew(String owner, Collection<ExecutionAddress> addresses, long leaseMillis);

    /**
     * Cancels an execution that is PENDING or RUNNING: it becomes FAILED with {@code record} (outcome CANCELLED, its
     * number set by the index: a running attempt's own number) as its last attempt; a later request runs it again.
     * A running attempt's lease ends with it: its holder learns at its next {@link #renew} (the address comes back
     * as no longer held) and stops the attempt, and the holder's settle is refused.
     *
     * @return whether it was PENDING or RUNNING and is cancelled now
     */
    boolean cancel(ExecutionAddress address, Attempt record);

    /**
     * Forgets the result of a DONE execution whose stored value turned out damaged or missing: it becomes FAILED
     * (its attempts kept), so the next call or request computes it again.
     */
    void forgetResult(ExecutionAddress address);

    // ---- lookups ------------------------------------------------------------------------------------------------

    /** Status and (when DONE) result of an execution, or empty if it was never requested or claimed. */
    Optional<State> state(ExecutionAddress address);

    /** The results of those of {@code addresses} that are DONE, in one look-up. */
    Map<ExecutionAddress, Result> results(List<ExecutionAddress> addresses);

    /** Everything the index holds of an execution but its attempts, or empty. */
    Optional<Entry> entry(ExecutionAddress address);

    /** The attempts of an execution in their order (empty if unknown); a damaged record is left out. */
    List<Attempt> attempts(ExecutionAddress address);

    // ---- functions, validators, workers, counts --------------------------------------------------------------------

    void registerFunction(ValueAddress bundle, String name);

    /** Notes a validator in use, e.g. {@code pre unusedRam(1.0 GB)}, for describe(). */
    void useValidator(String description);

    /** Tells everyone that {@code worker} (a JVM) has {@code threads} worker threads alive now. */
    void heartbeat(String worker, String host, long pid, int threads);

    void removeWorker(String worker);

    /** Worker JVMs that sent a heartbeat within {@code windowMillis} with worker threads alive. */
    default long liveWorkers(long windowMillis) {
        return counts(windowMillis).workersAlive();
    }

    /** Counts kept by the index (never by a scan). */
    Counts counts(long liveWindowMillis);

    /**
     * Tells {@code listener} of each execution that becomes DONE or FAILED in this index, whoever settled it, so
     * callers waiting for it wake at once instead of looking again after a pause. An index without such news (the
     * local folder: other JVMs' settles are found by looking) answers a subscription that never calls; the news is
     * a hint, never the truth: a listener looks at the index after it.
     */
    default Subscription onSettled(java.util.function.Consumer<ExecutionAddress> listener) {
        return () -> { };
    }

    /**
     * Whether {@link #onSettled} tells of every JVM's settles (a waiting caller may then sleep long between looks,
     * woken by the news) or only of this JVM's, if any (a caller must look again soon).
     */
    default boolean announcesSettles() {
        return false;
    }

    /** A listener's registration; closing it stops the news. */
    @FunctionalInterface
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }

    /** Executions runnable or running: PENDING plus RUNNING (the queue's depth, the autoscaling signal). */
    default long queueDepth() {
        Counts counts = counts(0);
        return counts.byStatus().getOrDefault(ExecutionStatus.PENDING, 0L)
                + counts.byStatus().getOrDefault(ExecutionStatus.RUNNING, 0L);
    }

    @Override
    void close();

    // ---- the values the operations pass ----------------------------------------------------------------------------

    /**
     * The kwargs of an execution as the index keeps them: inline (storage-codec bytes of the kwargs map, at most
     * {@link #INLINE_LIMIT}) or, past that, the address of the stored kwargs map.
     */
    record Arguments(byte[] inline, ValueAddress value) {
        public Arguments {
            if ((inline == null) == (value == null)) {
                throw new IllegalArgumentException("arguments are either inline or a stored value");
            }
        }

        public static Arguments inline(byte[] bytes) {
            return new Arguments(bytes, null);
        }

        public static Arguments stored(ValueAddress address) {
            return new Arguments(null, address);
        }
    }

    /**
     * A call to record: its address, the address of its (unfixed) function value, its kwargs, and how deep in calls
     * its requester was: the depth of the execution that requested it (its call chain, see the portal's
     * {@code samos.maxCallDepth}), 0 for a request from outside any execution. The index keeps the depth of the
     * request that (re)started the execution and hands it back with every claimed {@link Task}, so an attempt run by
     * any worker starts its call chain there: a function that swarms itself ends at the depth limit instead of
     * starting a fresh chain in every worker.
     *
     * <p>{@code callerWaits}: the request is a caller's own synchronous call, run by a worker because the caller's
     * JVM runs no user code (a cluster gateway): its failure is final, as if it had run in the caller, not retried as
     * a swarmed task's is. The index keeps it with the request that (re)started the execution and hands it back with
     * every claimed {@link Task}, so whoever claims the task — the worker its record reached, or a sweep that took it
     * before its record arrived — settles it alike.
     */
    record Request(ExecutionAddress address, ValueAddress function, Arguments kwargs, int depth,
            boolean callerWaits) {
        public Request {
            if (depth < 0) {
                throw new IllegalArgumentException("a request's depth is ≥ 0, was " + depth);
            }
        }

        /** A swarmed call's request (nobody waits on it as on their own call). */
        public Request(ExecutionAddress address, ValueAddress function, Arguments kwargs, int depth) {
            this(address, function, kwargs, depth, false);
        }

        /** A request from outside any execution (depth 0). */
        public Request(ExecutionAddress address, ValueAddress function, Arguments kwargs) {
            this(address, function, kwargs, 0);
        }
    }

    /** What a request found: the status the execution has now, and whether this request (re)started it. */
    record Requested(ExecutionStatus status, boolean first) {
    }

    /**
     * The result of a DONE execution: its value address, and its storage-codec bytes when it is small enough to live
     * in the index ({@code inline} null: it is a stored value).
     */
    record Result(ValueAddress address, byte[] inline) {
    }

    /** An execution's status and, when DONE, its result. */
    record State(ExecutionStatus status, Result result) {
    }

    /** What the index holds of an execution. */
    record Entry(ExecutionAddress address, ValueAddress function, Arguments kwargs, ExecutionStatus status,
            Result result, long attempts) {
    }

    /**
     * A lease held: by whom, for which attempt (its number), and the implementation's handle on the execution (SQLite:
     * its row id, which saves a look-up when settling; 0 where there is none).
     */
    record Lease(String owner, long attempt, long handle) {
    }

    /** What a claim found. */
    sealed interface Claim {
        /** The caller holds the lease now and computes. */
        record Claimed(Lease lease) implements Claim {
        }

        /** The result is stored already. */
        record Done(Result result) implements Claim {
        }

        /** Another owner holds an unexpired lease. */
        record Held(String owner, long until) implements Claim {
        }
    }

    /** What {@link #claimTasks} found for one task record. */
    sealed interface TaskClaim {
        /** The caller holds the lease now and runs the task. */
        record Taken(Task task) implements TaskClaim {
        }

        /** DONE or FAILED already: the record is spent. */
        record Finished(ExecutionStatus status) implements TaskClaim {
        }

        /**
         * An unexpired lease is held, by another owner or the caller itself: the holder runs the task (or its lease
         * expires and a sweep takes it).
         */
        record Busy(String owner, long until) implements TaskClaim {
        }

        /** No execution has this address (never requested here). */
        record Unknown() implements TaskClaim {
        }
    }

    /**
     * A claimed execution to run: what to run, the lease held on it, how many tries it has had (this one included)
     * since it was last requested, the depth of its request ({@link Request#depth()}): its attempt's calls nest
     * from there, and whether a caller waits on it as on their own call ({@link Request#callerWaits()}).
     */
    record Task(ExecutionAddress address, ValueAddress function, Arguments kwargs, Lease lease, long tries,
            int depth, boolean callerWaits) {
        public Task {
            if (depth < 0) {
                throw new IllegalArgumentException("a task's depth is ≥ 0, was " + depth);
            }
        }

        /** A swarmed task (nobody waits on it as on their own call). */
        public Task(ExecutionAddress address, ValueAddress function, Arguments kwargs, Lease lease, long tries,
                int depth) {
            this(address, function, kwargs, lease, tries, depth, false);
        }

        /** A task requested from outside any execution (depth 0). */
        public Task(ExecutionAddress address, ValueAddress function, Arguments kwargs, Lease lease, long tries) {
            this(address, function, kwargs, lease, tries, 0);
        }
    }

    /** The outcome of one attempt, to store. {@code attempt} is the attempt's record (its number is the lease's). */
    sealed interface Settlement {
        ExecutionAddress address();

        Lease lease();

        Attempt attempt();

        /** Ran and succeeded: DONE with its result (a stored value's address, or inline bytes). */
        record Done(ExecutionAddress address, Lease lease, Attempt attempt, Result result) implements Settlement {
        }

        /** Failed and may be tried again from {@code notBefore}: PENDING, the try counted. */
        record Retry(ExecutionAddress address, Lease lease, Attempt attempt, long notBefore) implements Settlement {
        }

        /** Did not run here (a pre-validator declined): PENDING from {@code notBefore}, the try not counted. */
        record HandBack(ExecutionAddress address, Lease lease, Attempt attempt, long notBefore)
                implements Settlement {
        }

        /** Failed for good (tries exhausted, or a caller's own call): FAILED, its attempts kept. */
        record Failed(ExecutionAddress address, Lease lease, Attempt attempt) implements Settlement {
        }
    }

    /** What a settle did: the settlements refused (their lease was lost), and the tasks claimed next. */
    record Settled(Set<ExecutionAddress> refused, List<Task> claimed) {
        public Settled {
            refused = Set.copyOf(refused);
            claimed = List.copyOf(claimed);
        }
    }

    /**
     * Counts of an index: functions registered, executions by status, worker JVMs (and their threads) that sent a
     * heartbeat within the window asked, and the validators in use.
     */
    record Counts(long functions, Map<ExecutionStatus, Long> byStatus, long workersAlive, long workerThreadsAlive,
            List<String> validatorsInUse) {
        public Counts {
            byStatus = Map.copyOf(byStatus);
            validatorsInUse = List.copyOf(validatorsInUse);
        }
    }
}
