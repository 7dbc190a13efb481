package dev.samos.portal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.samos.address.ValueAddress;
import dev.samos.autonomy.AutonomyChecker;
import dev.samos.autonomy.AutonomyPolicy;
import dev.samos.bundle.BundleClassLoader;
import dev.samos.bundle.FunctionBundle;
import dev.samos.codec.CorruptValueException;
import dev.samos.codec.StorageCodec;
import dev.samos.execution.Attempt;
import dev.samos.execution.ExecutionAddress;
import dev.samos.execution.ExecutionRecord;
import dev.samos.execution.ExecutionStatus;
import dev.samos.function.ArgumentException;
import dev.samos.function.FunctionFailedException;
import dev.samos.function.Kwargs;
import dev.samos.function.Pure;
import dev.samos.function.PureFunction;
import dev.samos.value.NotAValueException;
import dev.samos.validator.ValidationFailedException;
import dev.samos.value.Values;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A portal on a local folder: the embedded default. Everything it knows is in the folder (see {@link FolderStore}
 * and {@link ExecutionIndex}), so several JVMs can share it, and a restarted program finds every result again.
 *
 * <p>A call is answered, in order, from: the in-memory cache of hot results; the folder; a computation of the same
 * call already running in this JVM (joined) or in another JVM (waited for, by its lease); else it is computed here,
 * under a lease that this portal renews while it runs, and stored.
 */
public final class LocalPortal implements Portal {

    /** Swarmed calls requested per transaction by {@code swarmAll}. */
    private static final int SWARM_CHUNK = 4_000;
    /** Nested calls hop to a fresh thread every this many levels, so deep recursion never overflows a stack. */
    static final int LEVELS_PER_THREAD = 64;
    private static final Object NULL_RESULT = new Object();
    private static final String HOST = host();
    private static final ScopedValue<CallChain> CHAIN = ScopedValue.newInstance();

    /** The executions this thread is inside, innermost first; a call that appears in its own chain is a cycle. */
    private record CallChain(ExecutionAddress address, int depth, CallChain outer) {
        boolean contains(ExecutionAddress a) {
            for (CallChain c = this; c != null; c = c.outer) {
                if (c.address.equals(a)) {
                    return true;
                }
            }
            return false;
        }
    }

    private final Path folder;
    private final PortalDatabase db;
    private final FolderStore values;
    private final ExecutionIndex index;
    private final Clock clock;
    private final String workerId;
    private final Cache<ExecutionAddress, Object> hot;
    private final Map<ExecutionAddress, CompletableFuture<Object>> inFlight = new ConcurrentHashMap<>();
    private final Map<Class<?>, Pure> pures = new ConcurrentHashMap<>();
    private final Map<String, Class<?>> loaded = new ConcurrentHashMap<>();
    /** Executions this JVM holds leases on now; the renewer extends exactly these. */
    private final java.util.Set<ExecutionAddress> leased = ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.atomic.LongAdder calls = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder hotHits = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder storeHits = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder computed = new java.util.concurrent.atomic.LongAdder();
    private final List<java.util.function.Consumer<Attempt>> attemptListeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();
    private final StorageCodec codec = new StorageCodec(LocalPortal.class.getClassLoader());
    private final Cache<ValueAddress, Object> decodedFunctions = Caffeine.newBuilder().maximumSize(10_000).build();
    private final ScheduledExecutorService leaseRenewer;
    private final PortalOptions options;
    private final SwarmWorkers workers;
    private final ValidationStep validators;
    /** Callers of {@code get} in this JVM waiting for a swarmed result; completed when a local worker finishes. */
    private final Map<ExecutionAddress, CompletableFuture<Void>> finished = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private static final long WORKERS_CHECK_NANOS = 200_000_000;
    private volatile long workersCheckedAt = System.nanoTime() - WORKERS_CHECK_NANOS - 1;
    private volatile boolean workersAlive;

    private LocalPortal(Path folder, Clock clock, PortalOptions options) {
        this.options = options;
        this.folder = folder.toAbsolutePath().normalize();
        this.clock = clock;
        createFolder(this.folder);
        this.db = PortalDatabase.open(this.folder.resolve("samos.db"),
                FolderStore.SCHEMA + "\n;\n" + ExecutionIndex.SCHEMA);
        this.values = new FolderStore(this.folder, new StorageCodec(LocalPortal.class.getClassLoader()), db);
        this.index = new ExecutionIndex(db, clock);
        this.workerId = HOST + "/" + ProcessHandle.current().pid() + "/" + UUID.randomUUID().toString().substring(0, 8);
        this.hot = Caffeine.newBuilder().maximumSize(options.hotResults()).build();
        this.leaseRenewer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "samos-lease-renewer");
            t.setDaemon(true);
            return t;
        });
        leaseRenewer.scheduleWithFixedDelay(this::renewLeases, options.leaseMillis() / 3, options.leaseMillis() / 3,
                TimeUnit.MILLISECONDS);
        this.workers = new SwarmWorkers(this, options.workers());
        this.validators = new ValidationStep(index, this::isStored);
        OutputCapture.install();
    }

    /** Opens a portal on {@code folder} with {@link PortalOptions#defaults()}. */
    public static LocalPortal open(Path folder) {
        return open(folder, PortalOptions.defaults());
    }

    public static LocalPortal open(Path folder, PortalOptions options) {
        LocalPortal portal = new LocalPortal(folder, Clock.systemUTC(), options);
        PortalContext.opened(portal);
        return portal;
    }

    public PortalOptions options() {
        return options;
    }

    public Path folder() {
        return folder;
    }

    /** The id of this portal as a worker: host/pid/random, as it appears in leases and execution records. */
    public String workerId() {
        return workerId;
    }

    // ---- functions -----------------------------------------------------------------------------------------------

    @Override
    public Pure pure(Class<? extends PureFunction> type) {
        return pure(type, AutonomyPolicy.strict());
    }

    /** The pure function of {@code type}, checked against {@code policy} (e.g. an allow-list, or the impure tier). */
    public Pure pure(Class<? extends PureFunction> type, AutonomyPolicy policy) {
        Pure known = pures.get(type);
        if (known != null) {
            return known;
        }
        FunctionBundle bundle = FunctionBundle.of(type);
        AutonomyChecker.check(bundle, policy);
        Pure pure = register(bundle, type.getSimpleName());
        loaded.put(pure.bundle(), type);
        pures.put(type, pure);
        return pure;
    }

    /** A function from a bundle (e.g. compiled from source): checked, stored, loaded in a class loader of its own. */
    @Override
    public Pure pure(FunctionBundle bundle, AutonomyPolicy policy) {
        AutonomyChecker.check(bundle, policy);
        return register(bundle, Values.simpleName(bundle.mainClass()));
    }

    private Pure register(FunctionBundle bundle, String name) {
        ValueAddress bundleAddress = values.putValue(bundle.toValue());
        index.registerFunction(bundleAddress, name);
        return new Pure(name, bundleAddress.toString(), Map.of());
    }

    private PureFunction instantiate(Pure function) {
        Class<?> type = loaded.computeIfAbsent(function.bundle(), bundle -> {
            Object value = values.getValue(ValueAddress.parse(bundle)).orElseThrow(() -> new UnknownAddressException(
                    bundle, "portal " + folder + " (the bundle of function " + function.name() + ")")).value();
            return new BundleClassLoader(FunctionBundle.fromValue(value), LocalPortal.class.getClassLoader())
                    .mainClass();
        });
        try {
            var constructor = type.getDeclaredConstructor();
            constructor.setAccessible(true);
            return (PureFunction) constructor.newInstance();
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalArgumentException("function " + function.name() + " (" + type.getName()
                    + ") needs a no-argument constructor and must implement PureFunction: " + e, e);
        }
    }

    // ---- calls ---------------------------------------------------------------------------------------------------

    @Override
    public ExecutionAddress executionAddress(Pure function, Kwargs kwargs) {
        return addressOf(function, function.fixedKwargs().merge(kwargs), new TreeMap<>());
    }

    private static ExecutionAddress addressOf(Pure function, Kwargs all, Map<String, ValueAddress> argumentsOut) {
        for (Map.Entry<String, Object> argument : all.asMap().entrySet()) {
            argumentsOut.put(argument.getKey(), ValueAddress.of(argument.getValue(), "kwargs." + argument.getKey()));
        }
        return ExecutionAddress.of(function.name(), function.bundleAddress(), argumentsOut);
    }

    @Override
    public Object call(Pure function, Kwargs kwargs) {
        requireOpen();
        Kwargs all = function.fixedKwargs().merge(kwargs);
        ExecutionAddress address = addressOf(function, all, new TreeMap<>());
        calls.increment();
        Object cached = hot.getIfPresent(address);
        if (cached != null) {
            hotHits.increment();
            return cached == NULL_RESULT ? null : cached;
        }
        CallChain chain = CHAIN.isBound() ? CHAIN.get() : null;
        if (chain != null && chain.contains(address)) {
            throw new IllegalStateException("call " + address + " (" + function.name() + " " + all
                    + ") calls itself with the same arguments: it would never finish");
        }
        Optional<FolderStore.Found> stored = storedResult(address);
        if (stored.isPresent()) {
            storeHits.increment();
            return remember(address, stored.get().value());
        }
        CompletableFuture<Object> mine = new CompletableFuture<>();
        CompletableFuture<Object> running = inFlight.putIfAbsent(address, mine);
        if (running != null) {
            return join(running);
        }
        try {
            Object result = computeOnce(address, function.unfixed(), all, chain);
            mine.complete(result == null ? NULL_RESULT : result);
            return result;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(address, mine);
        }
    }

    private Object join(CompletableFuture<Object> running) {
        try {
            Object result = running.get();
            return result == NULL_RESULT ? null : result;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new CompletionException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException(e);
        }
    }

    private Object remember(ExecutionAddress address, Object result) {
        hot.put(address, result == null ? NULL_RESULT : result);
        return result;
    }

    /** A result kept in its execution's row, verified against its address like every value the folder gives. */
    private FolderStore.Found inlineResult(ExecutionIndex.Result result) {
        Object value = codec.decode(result.inline());
        ValueAddress actual = ValueAddress.of(value);
        if (!actual.equals(result.address())) {
            throw new CorruptValueException("result " + result.address() + " in portal " + folder
                    + " holds a different value (" + actual + "); it will be recomputed");
        }
        return new FolderStore.Found(value);
    }

    private Optional<FolderStore.Found> storedResult(ExecutionAddress address) {
        return storedResult(address, index.result(address));
    }

    /** The value of {@code result} (null: none yet), verified; a damaged one is forgotten, and empty returned. */
    private Optional<FolderStore.Found> storedResult(ExecutionAddress address, ExecutionIndex.Result result) {
        if (result == null) {
            return Optional.empty();
        }
        try {
            Optional<FolderStore.Found> value = result.inline() != null ? Optional.of(inlineResult(result))
                    : values.getValue(result.address());
            if (value.isEmpty()) {
                index.resetResult(address);
            }
            return value;
        } catch (CorruptValueException e) {
            index.resetResult(address); // damaged: computed again, never returned
            return Optional.empty();
        }
    }

    /** Computes under a lease, or waits for the JVM that holds it. */
    private Object computeOnce(ExecutionAddress address, Pure function, Kwargs all, CallChain chain) {
        List<String> validation = new ArrayList<>();
        while (!function.preValidators().isEmpty()) {
            ValidationStep.Verdict verdict = validators.before(function, all);
            validation = verdict.outcomes();
            if (verdict.runFirst() != null) {
                call(verdict.runFirst().function(), verdict.runFirst().callKwargs()); // then validate again
            } else if (verdict.declined() != null) {
                return elsewhere(address, function, all, verdict.declined());
            } else {
                break;
            }
        }
        List<String> validated = validation;
        long pause = 2;
        while (true) {
            // The arguments are stored with the claim, in one transaction: a commit is most of a write's cost.
            ExecutionIndex.Claim claim = db.inTransaction(() -> index.claim(address, values.putValue(function),
                    argumentsOf(all), workerId, options.leaseMillis()));
            switch (claim) {
                case ExecutionIndex.Claim.Done done -> {
                    Optional<FolderStore.Found> value = storedResult(address);
                    if (value.isPresent()) {
                        return remember(address, value.get().value());
                    }
                    // The stored result was damaged and is forgotten now: claim again and recompute.
                }
                case ExecutionIndex.Claim.Held held -> {
                    sleep(pause);
                    pause = Math.min(pause * 2, 50);
                }
                case ExecutionIndex.Claim.Claimed claimed -> {
                    leased.add(address);
                    Ran ran;
                    try {
                        ran = complete(address, claimed.row(), claimed.attempt(),
                                execute(address, function, all, chain).validated(validated));
                    } finally {
                        leased.remove(address);
                    }
                    if (ran.failure() == null) {
                        return remember(address, ran.result());
                    }
                    db.inTransaction(() -> {
                        recordAttempt(address, ran.attempt(claimed.attempt(), workerId));
                        index.markFailed(address);
                    });
                    finishedHere(address);
                    throw ran.forCaller(address);
                }
            }
        }
    }

    /** One run of a function, before anything is written: its result (and address) or its failure. */
    private record Ran(Object result, ValueAddress resultAddress, Throwable failure, String trace, long start,
            long end, OutputCapture.Buffers buffers, List<String> validation, boolean declined) {

        static Ran failed(Throwable failure, long start, long end, OutputCapture.Buffers buffers) {
            StringWriter trace = new StringWriter();
            failure.printStackTrace(new PrintWriter(trace));
            return new Ran(null, null, failure, trace.toString(), start, end, buffers, List.of(), false);
        }

        /** A run that did not happen: a pre-validator declined (or asked for another call first). */
        static Ran declined(long at, List<String> validation) {
            return new Ran(null, null, null, null, at, at, OutputCapture.Buffers.empty(), validation, true);
        }

        Ran validated(List<String> outcomes) {
            List<String> all = new ArrayList<>(outcomes);
            all.addAll(validation);
            return new Ran(result, resultAddress, failure, trace, start, end, buffers, all, declined);
        }

        Attempt attempt(long number, String worker) {
            Attempt.Outcome outcome = declined ? Attempt.Outcome.NOT_RUN : failure == null ? Attempt.Outcome.DONE
                    : Attempt.Outcome.FAILED;
            return new Attempt(number, worker, start, end, outcome, buffers.stdout(), buffers.stderr(),
                    failure == null ? null : failure.getClass().getName(),
                    failure == null ? null : failure.getMessage(), trace, validation);
        }

        /** What a caller sees: the argument error as it is, anything else as a FunctionFailedException. */
        RuntimeException forCaller(ExecutionAddress address) {
            if (failure instanceof ArgumentException badArguments) {
                return badArguments; // the caller's mistake, named: not a failure of the function's code
            }
            return new FunctionFailedException(address.toString(), failure.getClass().getName(),
                    failure.getMessage(), trace, failure);
        }
    }

    /** Runs the function once; writes nothing. */
    private Ran execute(ExecutionAddress address, Pure function, Kwargs all, CallChain chain) {
        int depth = chain == null ? 1 : chain.depth() + 1;
        CallChain inner = new CallChain(address, depth, chain);
        OutputCapture.Buffers buffers = new OutputCapture.Buffers(new ByteArrayOutputStream(),
                new ByteArrayOutputStream());
        long start = clock.millis();
        try {
            PureFunction instance = instantiate(function);
            Object result = depth % LEVELS_PER_THREAD == 0
                    ? onFreshThread(() -> invoke(instance, all, inner, buffers))
                    : invoke(instance, all, inner, buffers);
            ValueAddress resultAddress = ValueAddress.of(result, "result");
            List<String> checked = validators.after(function, all, result);
            return new Ran(result, resultAddress, null, null, start, clock.millis(), buffers, checked, false);
        } catch (Throwable failure) {
            return Ran.failed(failure, start, clock.millis(), buffers);
        }
    }

    /** Whether {@code function} called with {@code kwargs} has a stored result: memory first, then the index. */
    private boolean isStored(Pure function, Kwargs kwargs) {
        ExecutionAddress address = executionAddress(function, kwargs);
        return hot.getIfPresent(address) != null || index.result(address) != null;
    }

    /**
     * A call whose pre-validator declines here: another JVM's workers may satisfy it, so it is swarmed and awaited
     * while any is alive; with none, the caller learns which validator said no.
     */
    private Object elsewhere(ExecutionAddress address, Pure function, Kwargs all, String reason) {
        boolean othersAlive = index.liveWorkers(3 * options.leaseMillis()) > (workers.running() > 0 ? 1 : 0);
        if (!othersAlive) {
            throw new ValidationFailedException("cannot run " + address + " here: " + reason
                    + "; and no worker of another JVM is alive to take it");
        }
        swarm(function, all.without(function.fixedKwargs()));
        return get(address, Duration.ofDays(365));
    }

    /**
     * Stores a successful run — result, attempt record, DONE — in one transaction. A result the store refuses turns
     * the run into a failure (returned, not yet recorded).
     */
    private Ran complete(ExecutionAddress address, long row, long attempt, Ran ran) {
        if (ran.failure() != null || ran.declined()) {
            return ran;
        }
        try {
            db.inTransaction(() -> storeDone(row, attempt, ran));
        } catch (RuntimeException notStorable) {
            return Ran.failed(notStorable, ran.start(), clock.millis(), ran.buffers());
        }
        finishedHere(address);
        return ran;
    }

    private Object invoke(PureFunction instance, Kwargs all, CallChain chain, OutputCapture.Buffers buffers)
            throws Exception {
        return ScopedValue.where(PortalContext.EXECUTING, this).where(CHAIN, chain)
                .call(() -> OutputCapture.capturing(buffers, () -> instance.call(all)));
    }

    /** Runs {@code work} on a new platform thread with a large stack, carrying nothing but what it is given. */
    private static Object onFreshThread(java.util.concurrent.Callable<Object> work) throws Throwable {
        AtomicReference<Object> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = new Thread(null, () -> {
            try {
                result.set(work.call());
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "samos-deep-call", 64L << 20);
        thread.start();
        thread.join();
        if (failure.get() != null) {
            throw failure.get();
        }
        return result.get();
    }

    /** Inside a transaction: a successful run's result stored, its attempt recorded, the execution DONE. */
    private void storeDone(long row, long attempt, Ran ran) {
        // A small result lives in the execution's row: a value entry of its own would be a second random write.
        byte[] inline = values.inlineOrStore(ran.resultAddress(), ran.result(), ExecutionIndex.INLINE_LIMIT);
        Attempt done = ran.attempt(attempt, workerId);
        index.markDone(row, new ExecutionIndex.Result(ran.resultAddress(), inline), codec.encode(done));
        noteAttempt(done);
    }

    private void recordAttempt(ExecutionAddress address, Attempt attempt) {
        index.addAttemptRecord(address, attempt.number(), codec.encode(attempt));
        noteAttempt(attempt);
    }

    private void noteAttempt(Attempt attempt) {
        if (attempt.outcome().ran()) {
            computed.increment();
        }
        for (var listener : attemptListeners) {
            listener.accept(attempt);
        }
    }

    /** How calls on this portal instance were answered since it opened. */
    public PortalStats stats() {
        return new PortalStats(calls.sum(), hotHits.sum(), storeHits.sum(), computed.sum());
    }

    /** Called with every attempt this JVM records (e.g. to time executions for metrics); must be quick. */
    public void onAttempt(java.util.function.Consumer<Attempt> listener) {
        attemptListeners.add(listener);
    }

    /** The attempts recorded for an execution; a damaged record is skipped rather than failing the whole read. */
    private List<Attempt> attempts(ExecutionAddress address) {
        List<Attempt> attempts = new ArrayList<>();
        for (byte[] record : index.attemptRecords(address)) {
            try {
                attempts.add((Attempt) codec.decode(record));
            } catch (CorruptValueException | ClassCastException e) {
                // Records describe; they are never results. A damaged one is left out.
            }
        }
        return attempts;
    }

    // ---- swarm ---------------------------------------------------------------------------------------------------

    /**
     * Requests the call and returns its address at once; some worker (a thread of this JVM, or of any JVM with
     * workers on this folder) runs it at least once. The request is in the folder: it survives this JVM.
     */
    @Override
    public ExecutionAddress swarm(Pure function, Kwargs kwargs) {
        return swarmAll(function, List.of(kwargs)).getFirst();
    }

    /** Swarms many calls of one function in one transaction (the cluster's map); their addresses in order. */
    @Override
    public List<ExecutionAddress> swarmAll(Pure function, List<Kwargs> calls) {
        requireOpen();
        List<ExecutionAddress> addresses = new ArrayList<>(calls.size());
        List<Kwargs> merged = new ArrayList<>(calls.size());
        for (Kwargs kwargs : calls) {
            Kwargs all = function.fixedKwargs().merge(kwargs);
            merged.add(all);
            addresses.add(addressOf(function, all, new TreeMap<>()));
        }
        ValueAddress functionAddress = values.putValue(function.unfixed());
        // Committed in chunks, so workers (here and in other JVMs) start on the first calls while the rest are
        // still being requested.
        for (int from = 0; from < addresses.size(); from += SWARM_CHUNK) {
            int to = Math.min(addresses.size(), from + SWARM_CHUNK);
            int first = from;
            boolean requested = db.inTransaction(() -> {
                boolean any = false;
                for (int i = first; i < to; i++) {
                    if (hot.getIfPresent(addresses.get(i)) == null) {
                        any |= index.request(addresses.get(i), functionAddress, argumentsOf(merged.get(i)))
                                == ExecutionStatus.PENDING;
                    }
                }
                return any;
            });
            if (requested) {
                workers.start();
                workers.wake();
            }
        }
        return addresses;
    }

    /**
     * Cancels a swarmed call that no worker has started: it becomes FAILED with a CANCELLED attempt record (a later
     * call or swarm runs it again). A running or finished execution is left alone.
     *
     * @return whether it was pending and is cancelled now
     */
    @Override
    public boolean cancel(ExecutionAddress address) {
        requireOpen();
        return db.inTransaction(() -> {
            if (!index.cancelPending(address)) {
                return false;
            }
            long now = clock.millis();
            recordAttempt(address, new Attempt(attempts(address).size() + 1, workerId, now, now, Attempt.Outcome.CANCELLED, "", "",
                    null, "cancelled before any worker started it", null, List.of()));
            return true;
        });
    }

    @Override
    public boolean ready(ExecutionAddress address) {
        requireOpen();
        return hot.getIfPresent(address) != null || index.result(address) != null;
    }

    /**
     * The result of a swarmed (or any) execution, waiting up to {@code timeout}. It never hangs silently: with no
     * worker alive anywhere, it runs the call here (or, with {@code runInCaller} off, fails at the timeout saying
     * so); a FAILED execution throws its failure.
     *
     * @throws UnknownAddressException if nobody ever requested this execution in this portal
     * @throws ExecutionTimeoutException if it is still pending or running at the timeout
     */
    @Override
    public Object get(ExecutionAddress address, Duration timeout) {
        requireOpen();
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = 1;
        while (true) {
            Object cached = hot.getIfPresent(address);
            if (cached != null) {
                return cached == NULL_RESULT ? null : cached;
            }
            ExecutionIndex.State state = index.state(address);
            if (state == null) {
                throw new UnknownAddressException(address.toString(), "portal " + folder
                        + " (no call with this address was ever made or swarmed here)");
            }
            if (state.result() != null) {
                Optional<FolderStore.Found> stored = storedResult(address, state.result());
                if (stored.isPresent()) {
                    return remember(address, stored.get().value());
                }
                continue; // the result was damaged and forgotten: look at the execution again
            }
            ExecutionStatus status = state.status();
            if (status == ExecutionStatus.FAILED) {
                throw lastFailure(address);
            }
            if (status == ExecutionStatus.PENDING && !anyWorkerAlive()) {
                if (options.runInCaller()) {
                    ExecutionIndex.Row row = index.row(address);
                    Pure function = (Pure) values.getValue(ValueAddress.parse(row.function())).orElseThrow().value();
                    return call(function, kwargsOf(address, function, row.kwargs()));
                }
                if (System.nanoTime() > deadline) {
                    throw new NoWorkerAliveException("no worker is alive for " + address + " in portal " + folder
                            + ": start one (samos worker --portal " + folder + ") or allow running in the caller");
                }
            }
            if (System.nanoTime() > deadline) {
                throw new ExecutionTimeoutException(address + " is still " + status + " after " + timeout);
            }
            awaitFinish(address, pause);
            pause = Math.min(pause * 2, 50);
        }
    }

    /** Executions looked up per query by {@link #getAll}. */
    private static final int GET_ALL_BATCH = 500;

    /**
     * {@link #get} for many: results in memory are taken from there, the rest of each batch of
     * {@value #GET_ALL_BATCH} is read from the folder in one query, and only those not done yet are waited for one by
     * one (by then the ones after them are usually done too).
     */
    @Override
    public List<Object> getAll(List<ExecutionAddress> addresses, Duration timeout) {
        requireOpen();
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Object> results = new ArrayList<>(addresses.size());
        for (int from = 0; from < addresses.size(); from += GET_ALL_BATCH) {
            List<ExecutionAddress> batch = addresses.subList(from, Math.min(addresses.size(), from + GET_ALL_BATCH));
            Map<String, ExecutionIndex.Result> done = index.results(batch);
            for (ExecutionAddress address : batch) {
                Object cached = hot.getIfPresent(address);
                Optional<FolderStore.Found> stored = cached != null ? Optional.empty()
                        : storedResult(address, done.get(address.hash()));
                if (cached != null) {
                    results.add(cached == NULL_RESULT ? null : cached);
                } else if (stored.isPresent()) {
                    results.add(remember(address, stored.get().value()));
                } else {
                    results.add(get(address, Duration.ofNanos(Math.max(0, deadline - System.nanoTime()))));
                }
            }
        }
        return results;
    }

    /**
     * Whether a worker thread runs here or any JVM's workers sent a heartbeat lately. The answer is reused for a
     * moment: heartbeats come every few seconds, and a caller waiting on many executions asks this for each.
     */
    private boolean anyWorkerAlive() {
        if (workers.running() > 0) {
            return true;
        }
        long now = System.nanoTime();
        if (now - workersCheckedAt > WORKERS_CHECK_NANOS) {
            workersAlive = index.liveWorkers(3 * options.leaseMillis()) > 0;
            workersCheckedAt = now;
        }
        return workersAlive;
    }

    @Override
    public CompletableFuture<Object> future(ExecutionAddress address) {
        requireOpen();
        CompletableFuture<Object> future = new CompletableFuture<>();
        Thread.ofVirtual().name("samos-future").start(() -> {
            try {
                future.complete(get(address, Duration.ofDays(365)));
            } catch (Throwable e) {
                future.completeExceptionally(e);
            }
        });
        return future;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> castKeys(Map<?, ?> kwargs) {
        return (Map<String, ?>) kwargs;
    }

    private RuntimeException lastFailure(ExecutionAddress address) {
        List<Attempt> attempts = attempts(address);
        for (int i = attempts.size() - 1; i >= 0; i--) {
            Attempt attempt = attempts.get(i);
            if (attempt.outcome() == Attempt.Outcome.CANCELLED) {
                return new FunctionFailedException(address.toString(), "CANCELLED", attempt.exceptionMessage(), "",
                        null);
            }
            if (attempt.exceptionClass() != null) {
                return new FunctionFailedException(address.toString(), attempt.exceptionClass(),
                        attempt.exceptionMessage(), attempt.stackTrace(), null);
            }
        }
        return new FunctionFailedException(address.toString(), "unknown", "the execution FAILED without a record",
                "", null);
    }

    private void awaitFinish(ExecutionAddress address, long millis) {
        CompletableFuture<Void> signal = finished.computeIfAbsent(address, a -> new CompletableFuture<>());
        try {
            signal.get(millis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            // Another JVM may have finished it: the loop looks in the folder again.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    private void finishedHere(ExecutionAddress address) {
        CompletableFuture<Void> signal = finished.remove(address);
        if (signal != null) {
            signal.complete(null);
        }
    }

    /** Claims up to {@code batch} runnable swarmed tasks for a worker thread of this JVM; it holds their leases. */
    List<ExecutionIndex.Task> claimTasks(int batch) {
        return leasing(index.claimNext(workerId, options.leaseMillis(), batch));
    }

    private List<ExecutionIndex.Task> leasing(List<ExecutionIndex.Task> tasks) {
        tasks.forEach(task -> leased.add(task.address()));
        return tasks;
    }

    /**
     * Runs claimed tasks and stores their outcomes in one transaction, which also claims up to {@code nextBatch}
     * more: one turn at the folder's write lock per batch, not two, which is what lets several worker processes
     * share a folder. A failure is retried after a backoff that doubles each try, up to
     * {@link PortalOptions#maxTries()}, then the execution is FAILED with all its records.
     *
     * @return the tasks claimed next (empty: the queue had nothing runnable, or none was asked for)
     */
    List<ExecutionIndex.Task> runTasks(List<ExecutionIndex.Task> tasks, int nextBatch) {
        try {
            return runClaimed(tasks, nextBatch);
        } finally {
            tasks.forEach(task -> leased.remove(task.address()));
        }
    }

    private List<ExecutionIndex.Task> runClaimed(List<ExecutionIndex.Task> tasks, int nextBatch) {
        List<Ran> runs = new ArrayList<>(tasks.size());
        for (ExecutionIndex.Task task : tasks) {
            long start = clock.millis();
            try {
                Pure function = (Pure) decoded(task.function());
                Kwargs all = kwargsOf(task.address(), function, task.kwargs());
                if (function.preValidators().isEmpty()) {
                    runs.add(execute(task.address(), function, all, null));
                    continue;
                }
                ValidationStep.Verdict verdict = validators.before(function, all);
                if (verdict.runFirst() != null) {
                    // The prerequisite is swarmed; this task waits its turn again, without counting a try.
                    swarm(verdict.runFirst().function(), verdict.runFirst().callKwargs());
                    runs.add(Ran.declined(start, verdict.outcomes()));
                } else if (verdict.declined() != null) {
                    runs.add(Ran.declined(start, verdict.outcomes()));
                } else {
                    runs.add(execute(task.address(), function, all, null).validated(verdict.outcomes()));
                }
            } catch (RuntimeException unloadable) {
                runs.add(Ran.failed(unloadable, start, clock.millis(),
                        new OutputCapture.Buffers(new ByteArrayOutputStream(), new ByteArrayOutputStream())));
            }
        }
        List<ExecutionIndex.Task> next = new ArrayList<>();
        try {
            db.inTransaction(() -> {
                for (int i = 0; i < tasks.size(); i++) {
                    settle(tasks.get(i), runs.get(i));
                }
                if (nextBatch > 0) {
                    next.addAll(leasing(index.claimNext(workerId, options.leaseMillis(), nextBatch)));
                }
            });
        } catch (RuntimeException oneFailedToStore) {
            next.forEach(task -> leased.remove(task.address())); // rolled back: not claimed after all
            next.clear();
            for (int i = 0; i < tasks.size(); i++) { // one by one, so each outcome is stored or recorded on its own
                ExecutionIndex.Task task = tasks.get(i);
                Ran ran = complete(task.address(), task.row(), task.attempt(), runs.get(i));
                if (ran.failure() != null) {
                    db.inTransaction(() -> settle(task, ran));
                }
            }
        }
        for (int i = 0; i < tasks.size(); i++) {
            Ran ran = runs.get(i);
            if (ran.failure() == null && !ran.declined()) {
                remember(tasks.get(i).address(), ran.result()); // a caller in this JVM is likely waiting for it
            }
            finishedHere(tasks.get(i).address());
        }
        return next;
    }

    /** Inside a transaction: a task's result stored and DONE, or its failure recorded and retried or FAILED. */
    private void settle(ExecutionIndex.Task task, Ran ran) {
        if (ran.failure() == null && !ran.declined()) {
            storeDone(task.row(), task.attempt(), ran);
            return;
        }
        recordAttempt(task.address(), ran.attempt(task.attempt(), workerId));
        if (ran.declined()) {
            // Never dropped, never failed: back to the queue for any worker, after a pause so this one does not spin.
            index.handBack(task.address(), clock.millis() + Math.max(options.retryMillis(), 10));
        } else if (task.tries() >= options.maxTries()) {
            index.markFailed(task.address());
        } else {
            index.retryLater(task.address(), clock.millis() + (options.retryMillis() << (task.tries() - 1)));
        }
    }

    /** The kwargs as the index keeps them: their bytes inline when small, else a stored value's address. */
    private ExecutionIndex.Arguments argumentsOf(Kwargs all) {
        byte[] bytes = codec.encode(all.asMap());
        return bytes.length <= ExecutionIndex.INLINE_LIMIT ? ExecutionIndex.Arguments.inline(bytes)
                : ExecutionIndex.Arguments.stored(values.putValue(all.asMap()));
    }

    /**
     * The kwargs an execution's row holds, checked against its address: inline kwargs have no address of their own,
     * so the call's address is what they are verified by, as every value read from the folder is.
     */
    private Kwargs kwargsOf(ExecutionAddress address, Pure function, ExecutionIndex.Arguments arguments) {
        Kwargs all = kwargsOf(arguments);
        if (!addressOf(function, all, new TreeMap<>()).equals(address)) {
            throw new CorruptValueException("the kwargs stored for " + address
                    + " do not hash to its address: the portal's index is damaged");
        }
        return all;
    }

    private Kwargs kwargsOf(ExecutionIndex.Arguments arguments) {
        Object map = arguments.inline() != null ? codec.decode(arguments.inline())
                : values.getValue(arguments.value()).orElseThrow(() -> new UnknownAddressException(
                        arguments.value().toString(), "portal " + folder)).value();
        return Kwargs.of(castKeys((Map<?, ?>) map));
    }

    /** A stored value decoded once: functions of swarmed tasks repeat, and values never change. */
    private Object decoded(ValueAddress address) {
        return decodedFunctions.get(address, a -> values.getValue(a).orElseThrow(
                () -> new UnknownAddressException(a.toString(), "portal " + folder)).value());
    }

    /** Worker threads of this JVM running swarmed calls now (0 until the first swarm, or if configured so). */
    public int workerThreads() {
        return workers.running();
    }

    /** Starts this JVM's worker threads now rather than at the first swarm (a worker process does this). */
    public void startWorkers() {
        requireOpen();
        workers.start();
    }

    // ---- values, records, description ----------------------------------------------------------------------------

    @Override
    public ValueAddress putValue(Object value) {
        requireOpen();
        return values.putValue(value);
    }

    @Override
    public Object getValue(ValueAddress address) {
        requireOpen();
        return values.getValue(address).orElseThrow(() -> new UnknownAddressException(address.toString(),
                "portal " + folder)).value();
    }

    @Override
    public boolean hasValue(ValueAddress address) {
        requireOpen();
        return values.hasValue(address);
    }

    @Override
    public Optional<ExecutionRecord> record(ExecutionAddress address) {
        requireOpen();
        ExecutionIndex.Row row = index.row(address);
        if (row == null) {
            return Optional.empty();
        }
        // Inline kwargs get a value address of their own when a record names them, so the address resolves.
        ValueAddress kwargs = row.kwargs().value() != null ? row.kwargs().value()
                : values.putValue(kwargsOf(address, (Pure) decoded(ValueAddress.parse(row.function())), row.kwargs())
                        .asMap());
        if (row.result() != null) {
            storedResult(address).ifPresent(found -> values.putValue(ValueAddress.parse(row.result()),
                    found.value())); // so is an inline result
        }
        return Optional.of(new ExecutionRecord(address, row.function(), kwargs.toString(), row.status(),
                row.result(), attempts(address)));
    }

    @Override
    public PortalDescription describe() {
        requireOpen();
        Map<String, Long> executions = new TreeMap<>();
        index.countsByStatus().forEach((status, count) -> executions.put(status.name(), count));
        return new PortalDescription("local", folder.toString(), values.valueCount(), values.bytesStored(),
                index.functionCount(), executions, index.liveWorkers(3 * options.leaseMillis()),
                index.liveWorkerThreads(3 * options.leaseMillis()), index.validatorsInUse());
    }

    private void renewLeases() {
        if (!closed) {
            try {
                index.renewLeases(workerId, List.copyOf(leased), options.leaseMillis());
                heartbeat();
            } catch (RuntimeException e) {
                // The next round tries again; a lease lasts three rounds.
            }
        }
    }

    /** Tells every JVM on the folder that this one's worker threads are alive. */
    void heartbeat() {
        if (workers.running() > 0) {
            index.heartbeat(workerId, HOST, ProcessHandle.current().pid(), workers.running());
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("portal " + folder + " is closed");
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException(e);
        }
    }

    private static void createFolder(Path folder) {
        try {
            java.nio.file.Files.createDirectories(folder);
        } catch (java.io.IOException e) {
            throw new PortalStorageException("cannot create the portal folder " + folder + ": " + e.getMessage(), e);
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "localhost";
        }
    }

    @Override
    public void close() {
        if (!closed) {
            workers.stop();
            closed = true;
            leaseRenewer.shutdownNow();
            try {
                index.removeWorker(workerId);
            } catch (RuntimeException e) {
                // Its heartbeat ages out anyway.
            }
            PortalContext.closed(this);
            db.close();
        }
    }

    @Override
    public String toString() {
        return "LocalPortal[" + folder + "]";
    }

}
