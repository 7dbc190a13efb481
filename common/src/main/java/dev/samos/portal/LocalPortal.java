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
    private final ScheduledExecutorService leaseRenewer;
    private final PortalOptions options;
    private final SwarmWorkers workers;
    /** Callers of {@code get} in this JVM waiting for a swarmed result; completed when a local worker finishes. */
    private final Map<ExecutionAddress, CompletableFuture<Void>> finished = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private LocalPortal(Path folder, Clock clock, PortalOptions options) {
        this.options = options;
        this.folder = folder.toAbsolutePath().normalize();
        this.clock = clock;
        createFolder(this.folder);
        this.db = PortalDatabase.open(this.folder.resolve("samos.db"),
                FolderStore.SCHEMA + ";" + ExecutionIndex.SCHEMA);
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
        Object cached = hot.getIfPresent(address);
        if (cached != null) {
            return cached == NULL_RESULT ? null : cached;
        }
        CallChain chain = CHAIN.isBound() ? CHAIN.get() : null;
        if (chain != null && chain.contains(address)) {
            throw new IllegalStateException("call " + address + " (" + function.name() + " " + all
                    + ") calls itself with the same arguments: it would never finish");
        }
        Optional<FolderStore.Found> stored = storedResult(address);
        if (stored.isPresent()) {
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

    private Optional<FolderStore.Found> storedResult(ExecutionAddress address) {
        ValueAddress result = index.result(address);
        if (result == null) {
            return Optional.empty();
        }
        try {
            Optional<FolderStore.Found> value = values.getValue(result);
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
        ValueAddress functionAddress = values.putValue(function);
        ValueAddress kwargsAddress = values.putValue(all.asMap());
        long pause = 2;
        
        while (true) {
            ExecutionIndex.Claim claim = index.claim(address, functionAddress, kwargsAddress, workerId, options.leaseMillis());
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
                    try {
                        return run(address, function, all, claimed.attempt(), chain);
                    } catch (AttemptFailure failure) {
                        index.markFailed(address);
                        finishedHere(address);
                        throw failure.forCaller(address);
                    }
                }
            }
        }
    }

    private Object run(ExecutionAddress address, Pure function, Kwargs all, long attempt, CallChain chain) {
        int depth = chain == null ? 1 : chain.depth() + 1;
        CallChain inner = new CallChain(address, depth, chain);
        OutputCapture.Buffers buffers = new OutputCapture.Buffers(new ByteArrayOutputStream(),
                new ByteArrayOutputStream());
        long start = clock.millis();
        Object result;
        try {
            PureFunction instance = instantiate(function);
            result = depth % LEVELS_PER_THREAD == 0
                    ? onFreshThread(() -> invoke(instance, all, inner, buffers))
                    : invoke(instance, all, inner, buffers);
        } catch (Throwable failure) {
            throw recordFailure(address, attempt, start, buffers, failure);
        }
        ValueAddress resultAddress;
        try {
            resultAddress = ValueAddress.of(result, "result");
            values.putValue(resultAddress, result);
        } catch (NotAValueException notAValue) {
            throw recordFailure(address, attempt, start, buffers, notAValue);
        }
        recordAttempt(address, new Attempt(attempt, workerId, start, clock.millis(), "DONE", buffers.stdout(),
                buffers.stderr(), null, null, null, List.of()));
        index.markDone(address, resultAddress);
        finishedHere(address);
        return remember(address, result);
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

    /** A failed attempt, recorded; what the caller or the worker does next is theirs to decide. */
    private static final class AttemptFailure extends RuntimeException {
        private final Throwable original;
        private final String trace;

        AttemptFailure(Throwable original, String trace) {
            super(original.toString(), null, false, false);
            this.original = original;
            this.trace = trace;
        }

        /** What a caller sees: the argument error as it is, anything else as a FunctionFailedException. */
        RuntimeException forCaller(ExecutionAddress address) {
            if (original instanceof ArgumentException badArguments) {
                return badArguments; // the caller's mistake, named: not a failure of the function's code
            }
            return new FunctionFailedException(address.toString(), original.getClass().getName(),
                    original.getMessage(), trace, original);
        }
    }

    private AttemptFailure recordFailure(ExecutionAddress address, long attempt, long start,
            OutputCapture.Buffers buffers, Throwable failure) {
        StringWriter trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        recordAttempt(address, new Attempt(attempt, workerId, start, clock.millis(), "FAILED", buffers.stdout(),
                buffers.stderr(), failure.getClass().getName(), failure.getMessage(), trace.toString(),
                List.of()));
        return new AttemptFailure(failure, trace.toString());
    }

    private void recordAttempt(ExecutionAddress address, Attempt attempt) {
        index.addAttemptRecord(address, attempt.number(), values.putValue(attempt));
    }

    // ---- swarm ---------------------------------------------------------------------------------------------------

    /**
     * Requests the call and returns its address at once; some worker (a thread of this JVM, or of any JVM with
     * workers on this folder) runs it at least once. The request is in the folder: it survives this JVM.
     */
    @Override
    public ExecutionAddress swarm(Pure function, Kwargs kwargs) {
        requireOpen();
        Kwargs all = function.fixedKwargs().merge(kwargs);
        ExecutionAddress address = addressOf(function, all, new TreeMap<>());
        if (hot.getIfPresent(address) == null) {
            ValueAddress functionAddress = values.putValue(function.unfixed());
            ValueAddress kwargsAddress = values.putValue(all.asMap());
            if (index.request(address, functionAddress, kwargsAddress) == ExecutionStatus.PENDING) {
                workers.start();
                workers.wake();
            }
        }
        return address;
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
            Optional<FolderStore.Found> stored = storedResult(address);
            if (stored.isPresent()) {
                return remember(address, stored.get().value());
            }
            ExecutionStatus status = index.status(address);
            if (status == null) {
                throw new UnknownAddressException(address.toString(), "portal " + folder
                        + " (no call with this address was ever made or swarmed here)");
            }
            if (status == ExecutionStatus.FAILED) {
                throw lastFailure(address);
            }
            boolean anyWorker = workers.running() > 0 || index.liveWorkers(3 * options.leaseMillis()) > 0;
            if (!anyWorker && status == ExecutionStatus.PENDING) {
                if (options.runInCaller()) {
                    ExecutionIndex.Row row = index.row(address);
                    Pure function = (Pure) values.getValue(ValueAddress.parse(row.function())).orElseThrow().value();
                    Map<?, ?> kwargs = (Map<?, ?>) values.getValue(ValueAddress.parse(row.kwargs())).orElseThrow()
                            .value();
                    return call(function, Kwargs.of(castKeys(kwargs)));
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
        List<ValueAddress> records = index.attemptRecords(address);
        for (int i = records.size() - 1; i >= 0; i--) {
            Optional<FolderStore.Found> found = values.getValue(records.get(i));
            if (found.isPresent() && found.get().value() instanceof Attempt attempt
                    && attempt.exceptionClass() != null) {
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

    /**
     * Runs one claimed task for a worker thread: a failure is retried after a backoff that doubles each try, up to
     * {@link PortalOptions#maxTries()}, then the execution is FAILED with all its records.
     *
     * @return false if there was nothing to run
     */
    boolean runNextTask() {
        ExecutionIndex.Task task = index.claimNext(workerId, options.leaseMillis());
        if (task == null) {
            return false;
        }
        try {
            Pure function = (Pure) values.getValue(task.function()).orElseThrow().value();
            Map<?, ?> kwargs = (Map<?, ?>) values.getValue(task.kwargs()).orElseThrow().value();
            run(task.address(), function, Kwargs.of(castKeys(kwargs)), task.attempt(), null);
        } catch (RuntimeException failure) {
            if (!(failure instanceof AttemptFailure)) { // the task itself could not be loaded
                recordFailure(task.address(), task.attempt(), clock.millis(),
                        new OutputCapture.Buffers(new ByteArrayOutputStream(), new ByteArrayOutputStream()), failure);
            }
            if (task.tries() >= options.maxTries()) {
                index.markFailed(task.address());
                finishedHere(task.address());
            } else {
                index.retryLater(task.address(), clock.millis() + (options.retryMillis() << (task.tries() - 1)));
            }
        }
        return true;
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
        List<Attempt> attempts = new ArrayList<>();
        for (ValueAddress record : index.attemptRecords(address)) {
            values.getValue(record).ifPresent(found -> attempts.add((Attempt) found.value()));
        }
        return Optional.of(new ExecutionRecord(address, row.function(), row.kwargs(), row.status(), row.result(),
                attempts));
    }

    @Override
    public PortalDescription describe() {
        requireOpen();
        Map<String, Long> executions = new TreeMap<>();
        index.countsByStatus().forEach((status, count) -> executions.put(status.name(), count));
        return new PortalDescription("local", folder.toString(), values.valueCount(), values.bytesStored(),
                index.functionCount(), executions, index.liveWorkers(3 * options.leaseMillis()),
                index.liveWorkerThreads(3 * options.leaseMillis()));
    }

    private void renewLeases() {
        if (!closed) {
            try {
                index.renewLeases(workerId, options.leaseMillis());
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
