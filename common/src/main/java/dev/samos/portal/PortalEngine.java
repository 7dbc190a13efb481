package dev.samos.portal;

import dev.samos.address.ValueAddress;
import dev.samos.autonomy.AutonomyPolicy;
import dev.samos.bundle.FunctionBundle;
import dev.samos.codec.StorageCodec;
import dev.samos.execution.Attempt;
import dev.samos.execution.ExecutionAddress;
import dev.samos.execution.ExecutionRecord;
import dev.samos.function.Kwargs;
import dev.samos.function.Pure;
import dev.samos.function.PureFunction;
import dev.samos.function.Resources;
import dev.samos.index.ExecutionIndex;
import dev.samos.store.ValueStore;
import dev.samos.validator.SystemResources;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The portal's logic, written once over its two seams — a {@link ValueStore} and an {@link ExecutionIndex} — and
 * blind to where their bytes live: memoization and single-flight ({@link CallPath}), the swarm queue and its
 * workers ({@link SwarmQueue}), attempts with validators and captured output ({@link AttemptRunner}), leases
 * ({@link LeaseKeeper}), retries ({@link Settlements}). The local portal is this engine over a folder; a cluster
 * JVM (gateway, executor) runs it over portal-service's S3 store and Redis index.
 */
public final class PortalEngine implements Portal {

    private final String kind;
    private final ValueStore values;
    private final ExecutionIndex index;
    private final PortalParts parts;
    private final CallPath calls;
    private final SwarmQueue swarm;
    private final DeliveredTasks delivered;
    private final ExecutionIndex.Subscription settledNews;
    /** Threads of a JVM that runs delivered tasks (an executor), told to the index in its heartbeats. */
    private volatile int servingThreads;
    private volatile boolean closed;

    private PortalEngine(String kind, ValueStore values, ExecutionIndex index, PortalOptions options, Clock clock,
            Portal face, TaskRouting routing, Resources resources) {
        this.kind = kind;
        this.values = values;
        this.index = index;
        Portal self = face == null ? this : face;
        InlineValues inline = new InlineValues(values, new StorageCodec(PortalEngine.class.getClassLoader()));
        Functions functions = new Functions(values, index, options.hotResultBytes() / 4);
        Results results = new Results(index, inline, options.hotResultBytes());
        ValidationStep validators = new ValidationStep(index, (f, kwargs) -> results.known(
                InlineValues.addressOf(f, f.fixedKwargs().merge(kwargs))), resources);
        AttemptRunner runner = new AttemptRunner(functions, validators, clock, self, options);
        if (options.exitWhenUnhealthy()) {
            runner.onAbandoned(WorkerExit::now);
        }
        LeaseKeeper leases = new LeaseKeeper(index, options.leaseMillis(), this::workerThreads, runner::stop);
        this.parts = new PortalParts(values, index, inline, results, functions, runner, validators,
                new Settlements(inline, options, clock, leases.owner()), leases, new Waiters(), new Tally(), options,
                clock);
        this.swarm = new SwarmQueue(parts, self, values.location(), routing);
        this.calls = new CallPath(parts, self, routing.callsInCaller(), swarm);
        this.delivered = new DeliveredTasks(parts, swarm);
        this.settledNews = index.onSettled(parts.waiters()::settled); // callers wake when another JVM settles
    }

    /**
     * An engine over {@code values} and {@code index}; it owns them from now on and closes them when it closes.
     *
     * @param kind what describe() calls this portal, e.g. {@code local} or {@code cluster}
     */
    public static PortalEngine open(String kind, ValueStore values, ExecutionIndex index, PortalOptions options,
            Clock clock) {
        return open(kind, values, index, options, clock, TaskRouting.LOCAL);
    }

    /** An engine whose swarmed (and perhaps synchronous) calls travel as {@code routing} says. */
    public static PortalEngine open(String kind, ValueStore values, ExecutionIndex index, PortalOptions options,
            Clock clock, TaskRouting routing) {
        return open(kind, values, index, options, clock, routing, SystemResources.instance());
    }

    /**
     * An engine whose validators see {@code resources} (e.g. what an operator declares an executor has, where the
     * machine's own figures are not what this worker may use).
     */
    public static PortalEngine open(String kind, ValueStore values, ExecutionIndex index, PortalOptions options,
            Clock clock, TaskRouting routing, Resources resources) {
        PortalEngine engine = new PortalEngine(kind, values, index, options, clock, null, routing, resources);
        PortalContext.opened(engine);
        return engine;
    }

    /** An engine whose executions see {@code face} as their portal (a portal that wraps this engine). */
    static PortalEngine behind(Portal face, String kind, ValueStore values, ExecutionIndex index,
            PortalOptions options, Clock clock, TaskRouting routing) {
        return new PortalEngine(kind, values, index, options, clock, face, routing, SystemResources.instance());
    }

    public PortalOptions options() {
        return parts.options();
    }

    /** The id of this portal as a worker: host/pid/random, as it appears in leases and execution records. */
    public String workerId() {
        return parts.leases().owner();
    }

    // ---- functions and calls -------------------------------------------------------------------------------------

    @Override
    public Pure pure(Class<? extends PureFunction> type) {
        return pure(type, AutonomyPolicy.strict());
    }

    /** The pure function of {@code type}, checked against {@code policy} (e.g. an allow-list, or the impure tier). */
    public Pure pure(Class<? extends PureFunction> type, AutonomyPolicy policy) {
        requireOpen();
        return parts.functions().pure(type, policy);
    }

    @Override
    public Pure pure(FunctionBundle bundle, AutonomyPolicy policy) {
        requireOpen();
        return parts.functions().pure(bundle, policy);
    }

    @Override
    public ExecutionAddress executionAddress(Pure function, Kwargs kwargs) {
        return InlineValues.addressOf(function, function.fixedKwargs().merge(kwargs));
    }

    @Override
    public Object call(Pure function, Kwargs kwargs) {
        requireOpen();
        return calls.call(function, kwargs);
    }

    // ---- swarm -------------------------------------------------------------------------------------------------

    @Override
    public ExecutionAddress swarm(Pure function, Kwargs kwargs) {
        return swarmAll(function, List.of(kwargs)).getFirst();
    }

    @Override
    public List<ExecutionAddress> swarmAll(Pure function, List<Kwargs> calls) {
        requireOpen();
        return swarm.swarmAll(function, calls);
    }

    @Override
    public boolean cancel(ExecutionAddress address) {
        requireOpen();
        return swarm.cancel(address);
    }

    @Override
    public boolean ready(ExecutionAddress address) {
        requireOpen();
        return swarm.ready(address);
    }

    @Override
    public Object get(ExecutionAddress address, Duration timeout) {
        requireOpen();
        return swarm.get(address, timeout);
    }

    @Override
    public List<Object> getAll(List<ExecutionAddress> addresses, Duration timeout) {
        requireOpen();
        return swarm.getAll(addresses, timeout);
    }

    @Override
    public CompletableFuture<Object> future(ExecutionAddress address) {
        requireOpen();
        return swarm.future(address);
    }

    /** Worker threads of this JVM running swarmed calls now (0 until the first swarm, or if configured so). */
    public int workerThreads() {
        return (swarm == null ? 0 : swarm.workerThreads()) + servingThreads;
    }

    // ---- tasks delivered from outside the index (an executor) ---------------------------------------------------

    /**
     * Runs the executions that task records name, as one batch: each is claimed in the index (or found done, failed,
     * held by another live worker, unknown), run with its pre-validators on this JVM's resources, and settled —
     * a failure as a retry until its tries are used up (a caller's own call: at once), a decline handed back to the
     * queue. A task declined {@code declineLimit} times, by every worker alive now among them, fails for good,
     * naming the validators; otherwise it stays pending.
     *
     * @return what became of each, in the order of {@code addresses}
     */
    public List<TaskRun> execute(List<ExecutionAddress> addresses, int declineLimit) {
        requireOpen();
        return delivered.execute(addresses, declineLimit);
    }

    /**
     * Runs up to {@code limit} runnable executions that no record carries any more, straight from the index: those
     * whose lease expired (their worker died), and those PENDING for {@link #defaultStaleAfterMillis} or longer.
     */
    public List<TaskRun> sweep(int limit, int declineLimit) {
        return sweep(limit, declineLimit, defaultStaleAfterMillis());
    }

    /**
     * Runs up to {@code limit} runnable executions that no record carries any more, straight from the index: those
     * whose lease expired (their worker died: the lease is their staleness), and those runnable (requested, their
     * backoff passed, handed back) for {@code staleAfterMillis} or longer, by when a record would have carried them.
     * Fresh ones are left to their records, so sweeping again at once, or often, never races the live queue.
     *
     * @throws IllegalArgumentException if {@code staleAfterMillis} is negative
     */
    public List<TaskRun> sweep(int limit, int declineLimit, long staleAfterMillis) {
        requireOpen();
        if (staleAfterMillis < 0) {
            throw new IllegalArgumentException("staleAfterMillis must be ≥ 0, was " + staleAfterMillis);
        }
        return delivered.sweep(limit, declineLimit, staleAfterMillis);
    }

    /**
     * How long a runnable execution waits for its record before a sweep takes it, by default: half the lease. A
     * record is delivered within milliseconds when an executor has room, so seconds mean it was lost (or waits
     * behind a backlog, where a sweep taking the oldest is harmless); and half the lease keeps a lost request's
     * recovery within the time a dead worker's task takes (its lease) — 5 s with the default 10 s lease.
     */
    public long defaultStaleAfterMillis() {
        return parts.options().leaseMillis() / 2;
    }

    /**
     * Starts no more delivered or swept tasks (a graceful stop): those claimed and not started yet are given back at
     * once — runnable again for another worker, not counted as a try, answered {@link TaskRun.Released} — and those
     * running finish. There is no way back: the JVM is stopping.
     */
    public void drain() {
        delivered.drain();
    }

    /**
     * Tells the index that this JVM runs delivered tasks on {@code threads} threads (0: stopped), so that callers
     * see a live worker and wait instead of failing, and so a task declined everywhere can be told apart.
     */
    public void serving(int threads) {
        servingThreads = threads;
        parts.leases().heartbeat();
    }

    /**
     * Ends this JVM if it is no longer healthy — it abandoned a thread that ignored its interrupt, or its heap ran out
     * — and its options say so ({@link PortalOptions#exitWhenUnhealthy()}: an executor or worker JVM, which its
     * supervisor replaces). Called once the work in hand is settled.
     */
    public void exitIfUnhealthy() {
        swarm.exitIfUnhealthy();
    }

    /**
     * Why this JVM should run no more attempts — it abandoned a thread that ignored its interrupt, or its heap ran out
     * — or null while it is healthy.
     */
    public String unhealthy() {
        return parts.runner().unhealthy();
    }

    /** Wakes this JVM's idle worker threads to look at the queue now. */
    public void wakeWorkers() {
        swarm.wakeWorkers();
    }

    /**
     * News that {@code address} was settled in another JVM on the same index (a worker JVM told its supervisor): the
     * callers waiting for it here look now, not at their next look.
     */
    public void settledElsewhere(ExecutionAddress address) {
        parts.waiters().settled(address);
    }

    /** Calls {@code listener} with each execution settled through this JVM's index (DONE or FAILED). */
    public ExecutionIndex.Subscription onSettled(java.util.function.Consumer<ExecutionAddress> listener) {
        return index.onSettled(listener);
    }

    /** Starts this JVM's worker threads now rather than at the first swarm (a worker process does this). */
    public void startWorkers() {
        requireOpen();
        swarm.startWorkers();
    }

    // ---- values, records, description ----------------------------------------------------------------------------

    @Override
    public ValueAddress putValue(Object value) {
        requireOpen();
        return values.put(value);
    }

    @Override
    public Object getValue(ValueAddress address) {
        requireOpen();
        return values.get(address).orElseThrow(() -> new UnknownAddressException(address.toString(),
                values.location())).value();
    }

    @Override
    public boolean hasValue(ValueAddress address) {
        requireOpen();
        return values.has(address);
    }

    @Override
    public Optional<ExecutionRecord> record(ExecutionAddress address) {
        requireOpen();
        Optional<ExecutionIndex.Entry> found = index.entry(address);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        ExecutionIndex.Entry entry = found.get();
        // Inline kwargs and results get a value of their own when a record names them, so the addresses resolve.
        ValueAddress kwargs = entry.kwargs().value() != null ? entry.kwargs().value()
                : values.put(parts.inline().kwargs(address, (Pure) parts.functions().decoded(entry.function()),
                        entry.kwargs()).asMap());
        ValueAddress result = null;
        if (entry.result() != null) {
            result = entry.result().address();
            if (entry.result().inline() != null) {
                parts.results().stored(address, entry.result()).ifPresent(found2 -> values.put(
                        entry.result().address(), found2.value()));
            }
        }
        return Optional.of(new ExecutionRecord(address, entry.function(), kwargs, entry.status(), result,
                index.attempts(address)));
    }

    @Override
    public PortalDescription describe() {
        requireOpen();
        ExecutionIndex.Counts counts = index.counts(3 * parts.options().leaseMillis());
        Map<String, Long> executions = new TreeMap<>();
        counts.byStatus().forEach((status, count) -> executions.put(status.name(), count));
        ValueStore.StoreSize size = values.size();
        return new PortalDescription(kind, values.location(), size.values(), size.bytes(), counts.functions(),
                executions, counts.workersAlive(), counts.workerThreadsAlive(), counts.validatorsInUse());
    }

    /** Executions runnable or running in the index (PENDING + RUNNING): the queue's depth, the scaling signal. */
    public long queueDepth() {
        requireOpen();
        return index.queueDepth();
    }

    /** How calls on this portal instance were answered since it opened. */
    public PortalStats stats() {
        return parts.tally().stats();
    }

    /** Called with every attempt this JVM records (e.g. to time executions for metrics); must be quick. */
    public void onAttempt(Consumer<Attempt> listener) {
        parts.tally().onAttempt(listener);
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("portal " + values.location() + " is closed");
        }
    }

    @Override
    public void close() {
        if (!closed) {
            swarm.stopWorkers();
            closed = true;
            parts.runner().close();
            settledNews.close();
            parts.leases().close();
            PortalContext.closed(this);
            index.close();
            values.close();
        }
    }

    @Override
    public String toString() {
        return "PortalEngine[" + kind + " " + values.location() + "]";
    }
}
