package dev.samos.portal;

import dev.samos.address.ValueAddress;
import dev.samos.execution.ExecutionAddress;
import dev.samos.function.Kwargs;
import dev.samos.function.Pure;
import dev.samos.function.PureFunction;
import dev.samos.value.FrozenValue;
import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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

    private final Functions functions;
    private final ValidationStep validators;
    private final Clock clock;
    private final Portal portal;
    private final long timeLimitMillis;
    /** Threads for attempts under a time limit: reused, and replaced when one is abandoned to a runaway call. */
    private final ExecutorService limited;

    AttemptRunner(Functions functions, ValidationStep validators, Clock clock, Portal portal, long timeLimitMillis) {
        this.functions = functions;
        this.validators = validators;
        this.clock = clock;
        this.portal = portal;
        this.timeLimitMillis = timeLimitMillis;
        this.limited = timeLimitMillis == 0 ? null : Executors.newCachedThreadPool(r -> {
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
        CallChain inner = CallChain.inside(address, outer);
        OutputCapture.Buffers buffers = new OutputCapture.Buffers(new ByteArrayOutputStream(),
                new ByteArrayOutputStream());
        long start = clock.millis();
        try {
            @SuppressWarnings("unchecked")
            Kwargs all = Kwargs.of((java.util.Map<String, ?>) FrozenValue.copyOf(kwargs.asMap()));
            PureFunction instance = functions.instantiate(function);
            Object result;
            if (limited != null && outer == null) {
                result = withinTimeLimit(() -> invoke(instance, all, inner, buffers));
            } else {
                result = inner.depth() % LEVELS_PER_THREAD == 0
                        ? onFreshThread(() -> invoke(instance, all, inner, buffers))
                        : invoke(instance, all, inner, buffers);
            }
            ValueAddress resultAddress = ValueAddress.of(result, "result");
            List<String> checked = validators.after(function, all, result);
            return new Ran(result, resultAddress, null, null, start, clock.millis(), buffers, checked, false);
        } catch (Throwable failure) {
            return Ran.failed(failure, start, clock.millis(), buffers);
        }
    }

    private Object invoke(PureFunction instance, Kwargs all, CallChain chain, OutputCapture.Buffers buffers)
            throws Exception {
        try (ExecutionLogContext logged = ExecutionLogContext.enter(chain.address())) {
            return ScopedValue.where(PortalContext.EXECUTING, portal).where(CallChain.CURRENT, chain)
                    .call(() -> OutputCapture.capturing(buffers, () -> instance.call(all)));
        }
    }

    /**
     * Runs a root call on a pooled thread for at most the time limit (its nested calls run inside it and share it).
     * Past the limit the thread is interrupted; one that ignores the interrupt is left to run on, out of the pool.
     */
    private Object withinTimeLimit(Callable<Object> work) throws Throwable {
        Future<Object> running = limited.submit(work);
        try {
            return running.get(timeLimitMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause();
        } catch (TimeoutException e) {
            running.cancel(true);
            throw new TimeLimitException("the attempt ran past its time limit of " + timeLimitMillis
                    + " ms and was stopped");
        }
    }

    /** Stops the time-limited threads: a call still running there is interrupted. */
    void close() {
        if (limited != null) {
            limited.shutdownNow();
        }
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
