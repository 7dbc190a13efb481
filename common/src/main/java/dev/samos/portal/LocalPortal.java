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

    /** How long a lease lasts without renewal: a JVM that dies mid-call holds its calls this long at most. */
    static final long LEASE_MILLIS = 10_000;
    /** Nested calls hop to a fresh thread every this many levels, so deep recursion never overflows a stack. */
    static final int LEVELS_PER_THREAD = 64;
    private static final Object NULL_RESULT = new Object();
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
    private volatile boolean closed;

    private LocalPortal(Path folder, Clock clock) {
        this.folder = folder.toAbsolutePath().normalize();
        this.clock = clock;
        createFolder(this.folder);
        this.db = PortalDatabase.open(this.folder.resolve("samos.db"),
                FolderStore.SCHEMA + ";" + ExecutionIndex.SCHEMA);
        this.values = new FolderStore(this.folder, new StorageCodec(LocalPortal.class.getClassLoader()), db);
        this.index = new ExecutionIndex(db, clock);
        this.workerId = host() + "/" + ProcessHandle.current().pid() + "/" + UUID.randomUUID().toString().substring(0, 8);
        this.hot = Caffeine.newBuilder().maximumSize(Long.getLong("samos.hotResults", 100_000)).build();
        this.leaseRenewer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "samos-lease-renewer");
            t.setDaemon(true);
            return t;
        });
        leaseRenewer.scheduleWithFixedDelay(this::renewLeases, LEASE_MILLIS / 3, LEASE_MILLIS / 3,
                TimeUnit.MILLISECONDS);
        OutputCapture.install();
    }

    static LocalPortal open(Path folder) {
        LocalPortal portal = new LocalPortal(folder, Clock.systemUTC());
        PortalContext.opened(portal);
        return portal;
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
            ExecutionIndex.Claim claim = index.claim(address, functionAddress, kwargsAddress, workerId, LEASE_MILLIS);
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
                    return run(address, function, all, claimed.attempt(), chain);
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
            return fail(address, function, attempt, start, buffers, failure);
        }
        ValueAddress resultAddress;
        try {
            resultAddress = ValueAddress.of(result, "result");
            values.putValue(resultAddress, result);
        } catch (NotAValueException notAValue) {
            return fail(address, function, attempt, start, buffers, notAValue);
        }
        recordAttempt(address, new Attempt(attempt, workerId, start, clock.millis(), "DONE", buffers.stdout(),
                buffers.stderr(), null, null, null, List.of()));
        index.markDone(address, resultAddress);
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

    private Object fail(ExecutionAddress address, Pure function, long attempt, long start,
            OutputCapture.Buffers buffers, Throwable failure) {
        Throwable original = failure;
        StringWriter trace = new StringWriter();
        original.printStackTrace(new PrintWriter(trace));
        recordAttempt(address, new Attempt(attempt, workerId, start, clock.millis(), "FAILED", buffers.stdout(),
                buffers.stderr(), original.getClass().getName(), original.getMessage(), trace.toString(),
                List.of()));
        index.markFailed(address);
        if (original instanceof ArgumentException badArguments) {
            throw badArguments; // the caller's mistake, named: not a failure of the function's code
        }
        throw new FunctionFailedException(address.toString(), original.getClass().getName(), original.getMessage(),
                trace.toString(), original);
    }

    private void recordAttempt(ExecutionAddress address, Attempt attempt) {
        index.addAttemptRecord(address, attempt.number(), values.putValue(attempt));
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
                index.functionCount(), executions);
    }

    private void renewLeases() {
        if (!closed) {
            try {
                index.renewLeases(workerId, LEASE_MILLIS);
            } catch (RuntimeException e) {
                // The next round tries again; a lease lasts three rounds.
            }
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
            closed = true;
            leaseRenewer.shutdownNow();
            PortalContext.closed(this);
            db.close();
        }
    }

    @Override
    public String toString() {
        return "LocalPortal[" + folder + "]";
    }

}
