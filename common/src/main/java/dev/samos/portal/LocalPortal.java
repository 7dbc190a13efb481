package dev.samos.portal;

import dev.samos.address.ValueAddress;
import dev.samos.autonomy.AutonomyPolicy;
import dev.samos.bundle.FunctionBundle;
import dev.samos.execution.Attempt;
import dev.samos.execution.ExecutionAddress;
import dev.samos.execution.ExecutionRecord;
import dev.samos.function.Kwargs;
import dev.samos.function.Pure;
import dev.samos.function.PureFunction;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A portal on a local folder: the embedded default. It is the {@link PortalEngine} over the folder's value store
 * ({@link FolderStore}: SQLite rows and files) and execution index ({@link SqliteExecutionIndex}), which share one
 * SQLite database. Everything it knows is in the folder, so several JVMs can share it, and a restarted program
 * finds every result again.
 */
public final class LocalPortal implements Portal {

    private final LocalStores stores;
    private final PortalEngine engine;

    private LocalPortal(Path folder, Clock clock, PortalOptions options, TaskRouting routing) {
        this.stores = LocalStores.open(folder, clock);
        this.engine = PortalEngine.behind(this, "local", stores.values(), stores.index(), options, clock, routing);
    }

    /** Opens a portal on {@code folder} with {@link PortalOptions#defaults()}. */
    public static LocalPortal open(Path folder) {
        return open(folder, PortalOptions.defaults());
    }

    public static LocalPortal open(Path folder, PortalOptions options) {
        return open(folder, options, Clock.systemUTC());
    }

    /** A portal whose leases and backoffs are timed by {@code clock} (tests move a clock of their own). */
    public static LocalPortal open(Path folder, PortalOptions options, Clock clock) {
        return open(folder, options, clock, TaskRouting.LOCAL);
    }

    /**
     * A portal whose calls travel as {@code routing} says: e.g. {@link TaskRouting#allPublished} for a program that
     * runs no user code itself and leaves every call, synchronous or swarmed, to worker processes on the folder
     * (the standalone gateway's default), with a publisher that wakes them.
     */
    public static LocalPortal open(Path folder, PortalOptions options, Clock clock, TaskRouting routing) {
        LocalPortal portal = new LocalPortal(folder, clock, options, routing);
        PortalContext.opened(portal);
        return portal;
    }

    public Path folder() {
        return stores.folder();
    }

    public PortalOptions options() {
        return engine.options();
    }

    /** The id of this portal as a worker: host/pid/random, as it appears in leases and execution records. */
    public String workerId() {
        return engine.workerId();
    }

    /** The pure function of {@code type}, checked against {@code policy} (e.g. an allow-list, or the impure tier). */
    public Pure pure(Class<? extends PureFunction> type, AutonomyPolicy policy) {
        return engine.pure(type, policy);
    }

    /** Worker threads of this JVM running swarmed calls now (0 until the first swarm, or if configured so). */
    public int workerThreads() {
        return engine.workerThreads();
    }

    /** Starts this JVM's worker threads now rather than at the first swarm (a worker process does this). */
    public void startWorkers() {
        engine.startWorkers();
    }

    /** Wakes this JVM's idle worker threads to look at the queue now (another JVM just requested work). */
    public void wakeWorkers() {
        engine.wakeWorkers();
    }

    /** See {@link PortalEngine#settledElsewhere}. */
    public void settledElsewhere(ExecutionAddress address) {
        engine.settledElsewhere(address);
    }

    /** See {@link PortalEngine#onSettled}. */
    public dev.samos.index.ExecutionIndex.Subscription onSettled(Consumer<ExecutionAddress> listener) {
        return engine.onSettled(listener);
    }

    /** How calls on this portal instance were answered since it opened. */
    public PortalStats stats() {
        return engine.stats();
    }

    /** Called with every attempt this JVM records (e.g. to time executions for metrics); must be quick. */
    public void onAttempt(Consumer<Attempt> listener) {
        engine.onAttempt(listener);
    }

    // ---- the Portal API, answered by the engine ------------------------------------------------------------------

    @Override
    public Pure pure(Class<? extends PureFunction> type) {
        return engine.pure(type);
    }

    @Override
    public Pure pure(FunctionBundle bundle, AutonomyPolicy policy) {
        return engine.pure(bundle, policy);
    }

    @Override
    public Object call(Pure function, Kwargs kwargs) {
        return engine.call(function, kwargs);
    }

    @Override
    public ExecutionAddress swarm(Pure function, Kwargs kwargs) {
        return engine.swarm(function, kwargs);
    }

    @Override
    public List<ExecutionAddress> swarmAll(Pure function, List<Kwargs> calls) {
        return engine.swarmAll(function, calls);
    }

    @Override
    public boolean cancel(ExecutionAddress address) {
        return engine.cancel(address);
    }

    @Override
    public boolean ready(ExecutionAddress address) {
        return engine.ready(address);
    }

    @Override
    public Object get(ExecutionAddress address, Duration timeout) {
        return engine.get(address, timeout);
    }

    @Override
    public List<Object> getAll(List<ExecutionAddress> addresses, Duration timeout) {
        return engine.getAll(addresses, timeout);
    }

    @Override
    public CompletableFuture<Object> future(ExecutionAddress address) {
        return engine.future(address);
    }

    @Override
    public ExecutionAddress executionAddress(Pure function, Kwargs kwargs) {
        return engine.executionAddress(function, kwargs);
    }

    @Override
    public ValueAddress putValue(Object value) {
        return engine.putValue(value);
    }

    @Override
    public Object getValue(ValueAddress address) {
        return engine.getValue(address);
    }

    @Override
    public boolean hasValue(ValueAddress address) {
        return engine.hasValue(address);
    }

    @Override
    public Optional<ExecutionRecord> record(ExecutionAddress address) {
        return engine.record(address);
    }

    @Override
    public PortalDescription describe() {
        return engine.describe();
    }

    @Override
    public void close() {
        engine.close();
        PortalContext.closed(this);
        stores.close();
    }

    @Override
    public String toString() {
        return "LocalPortal[" + folder() + "]";
    }
}
