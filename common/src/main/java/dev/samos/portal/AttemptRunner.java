package dev.samos.portal;

import dev.samos.address.ValueAddress;
import dev.samos.execution.ExecutionAddress;
import dev.samos.function.Kwargs;
import dev.samos.function.Pure;
import dev.samos.function.PureFunction;
import dev.samos.validator.TimeLimit;
import dev.samos.value.FrozenValue;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs one attempt of a function in this JVM: a new instance, the portal and the call chain bound for its inner
 * calls, its output captured, its post-validators checked. It writes nothing; what it returns is stored by whoever
 * holds the lease.
 */
final class AttemptRunner {

    /** Nested calls hop to a fresh thread every this many levels, so deep recursion never overflows a stack. */
    static final int LEVELS_PER_THREAD = 64;
    /** How long an interrupted attempt has to end before its thread is given up. */
    static final long STOP_GRACE_MILLIS = 2_000;

    private final Functions functions;
    private final ValidationStep validators;
    private final Clock clock;
    private final Portal portal;
    private final PortalOptions options;
    /** Threads for attempts under a time limit: reused, and replaced when one is abandoned to a runaway call. */
    private final ExecutorService limited;
    /** The thread running each execution's attempt in this JVM now, so a cancel can stop it. */
    private final Map<ExecutionAddress, Thread> running = new ConcurrentHashMap<>();
    /** Executions being stopped (cancelled): their runs fail as cancelled, whatever the interrupt made them throw. */
    private final Set<ExecutionAddress> stopping = ConcurrentHashMap.newKeySet();
    /**
     * Set once an attempt's thread would not stop (a runaway call, abandoned) or the heap ran out: this JVM is not
     * healthy any more. A worker JVM exits once its tasks are settled and is replaced; others go on, as documented.
     */
    private volatile String unhealthy;

    AttemptRunner(Functions functions, ValidationStep validators, Clock clock, Portal portal, PortalOptions options) {
        this.functions = functions;
        this.validators = validators;
        this.clock = clock;
        this.portal = portal;
        this.options = options;
        this.limited = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(null, r, "samos-limited-call", 64L << 20);
            thread.setDaemon(true);
            return thread;
        });
        OutputCapture.install();
    }

    /**
     * Runs {@code function} once with all of its kwargs, inside {@code outer} (null: a root call). The function gets
     * a frozen copy of the arguments: it cannot change its caller's objects (sorting a list argument in place fails
     * with UnsupportedOperationException, as it would on any immutable list).
     */
    Ran run(ExecutionAddress address, Pure function, Kwargs kwargs, CallChain outer) {
        return run(address, function, kwargs, outer, 0);
    }

    /**
     * As above; a root call ({@code outer} null) of a swarmed task starts its chain at {@code requestedAt}, the depth
     * its request recorded, so its nested calls, swarmed or not, are refused past {@code samos.maxCallDepth}.
     */
    Ran run(ExecutionAddress address, Pure function, Kwargs kwargs, CallChain outer, int requestedAt) {
        CallChain inner = CallChain.inside(address, outer, requestedAt, options.callLimits());
        OutputCapture.Buffers buffers = OutputCapture.Buffers.create();
        long start = clock.millis();
        try {
            @SuppressWarnings("unchecked")
            Kwargs all = Kwargs.of((java.util.Map<String, ?>) FrozenValue.copyOf(kwargs.asMap()));
            PureFunction instance = functions.instantiate(function);
            Object result;
            long timeLimit = outer == null ? options.timeLimitFor(declaredTimeLimit(function)) : 0;
            if (timeLimit > 0) {
                result = withinTimeLimit(timeLimit, () -> invoke(address, instance, all, inner, buffers));
            } else {
                result = inner.depth() % LEVELS_PER_THREAD == 0
                        ? onFreshThread(() -> invoke(address, instance, all, inner, buffers))
                        : invoke(address, instance, all, inner, buffers);
            }
            ValueAddress resultAddress = ValueAddress.of(result, "result");
            List<String> checked = validators.after(function, all, result);
            stopping.remove(address); // it finished before its stop took effect: its settle is refused anyway
            return new Ran(result, resultAddress, null, null, start, clock.millis(), buffers, checked, false);
        } catch (Throwable failure) {
            if (failure instanceof OutOfMemoryError) {
                unhealthy = "an attempt of " + address + " ran out of memory";
            }
            if (stopping.remove(address)) {
                failure = new AttemptCancelledException(address + " was cancelled while it ran, and stopped");
            }
            return Ran.failed(failure, start, clock.millis(), buffers);
        }
    }

    private Object invoke(ExecutionAddress address, PureFunction instance, Kwargs all, CallChain chain,
            OutputCapture.Buffers buffers) throws Exception {
        Thread previous = running.put(address, Thread.currentThread());
        try (ExecutionLogContext logged = ExecutionLogContext.enter(chain.address())) {
            return ScopedValue.where(PortalContext.EXECUTING, portal).where(CallChain.CURRENT, chain)
                    .call(() -> OutputCapture.capturing(buffers, () -> instance.call(all)));
        } finally {
            if (previous == null) {
                running.remove(address, Thread.currentThread());
            } else {
                running.put(address, previous);
            }
        }
    }

    /**
     * Stops the attempt of {@code address} running in this JVM, if one is (its execution was cancelled): its thread
     * is interrupted; one that ignores the interrupt for {@value #STOP_GRACE_MILLIS} ms is abandoned, and this JVM is
     * marked unhealthy (a worker JVM then exits and is replaced).
     */
    void stop(ExecutionAddress address) {
        Thread thread = running.get(address);
        if (thread == null) {
            return;
        }
        stopping.add(address);
        thread.interrupt();
        Thread.ofVirtual().name("samos-stop-watch").start(() -> {
            try {
                thread.join(STOP_GRACE_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            if (thread.isAlive() && running.get(address) == thread) {
                abandoned("the cancelled attempt of " + address + " ignored its interrupt");
            }
        });
    }

    /** Why this JVM should not run more attempts (a thread abandoned to a runaway call, the heap exhausted), or null. */
    String unhealthy() {
        return unhealthy;
    }

    /** Tells what this JVM does with a thread it had to abandon: a worker JVM exits at once. */
    void onAbandoned(java.util.function.Consumer<String> action) {
        this.onAbandoned = action;
    }

    private volatile java.util.function.Consumer<String> onAbandoned = reason -> { };

    private void abandoned(String reason) {
        unhealthy = reason;
        onAbandoned.accept(reason);
    }

    /** The time limit {@code function} declares (0: none); the last one added wins. */
    private static long declaredTimeLimit(Pure function) {
        long declared = 0;
        for (var validator : function.preValidators()) {
            if (validator instanceof TimeLimit limit) {
                declared = limit.millis(); // the last one added: a call's own limit overrides the function's
            }
        }
        return declared;
    }

    /**
     * Runs a root call on a pooled thread for at most the time limit (its nested calls run inside it and share it).
     * Past the limit the thread is interrupted; one that ignores the interrupt is left to run on, out of the pool.
     */
    private Object withinTimeLimit(long timeLimitMillis, Callable<Object> work) throws Throwable {
        CompletableFuture<Object> outcome = new CompletableFuture<>();
        AtomicReference<Thread> thread = new AtomicReference<>();
        CountDownLatch ended = new CountDownLatch(1);
        limited.execute(() -> {
            thread.set(Thread.currentThread());
            try {
                outcome.complete(work.call());
            } catch (Throwable t) {
                outcome.completeExceptionally(t);
            } finally {
                ended.countDown();
            }
        });
        try {
            return outcome.get(timeLimitMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause();
        } catch (TimeoutException e) {
            Thread runaway = thread.get();
            if (runaway != null) {
                runaway.interrupt();
            }
            if (!ended.await(STOP_GRACE_MILLIS, TimeUnit.MILLISECONDS)) {
                unhealthy = "an attempt past its time limit ignored its interrupt and was abandoned";
            }
            throw new TimeLimitException("the attempt ran past its time limit of " + timeLimitMillis
                    + " ms and was stopped");
        }
    }

    /** Stops the time-limited threads: a call still running there is interrupted. */
    void close() {
        limited.shutdownNow();
    }

    /** Runs {@code work} on a new platform thread with a large stack, carrying nothing but what it is given. */
    private static Object onFreshThread(Callable<Object> work) throws Throwable {
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
}
