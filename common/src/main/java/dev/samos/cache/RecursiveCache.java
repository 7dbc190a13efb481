package dev.samos.cache;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.LongAdder;

/**
 * An in-memory memo of a recursive function whose branches can run in parallel (PySpeedup's {@code Cache}) — for
 * plain lambdas; {@link PortalCache} is the persistent form for pure functions.
 *
 * <pre>{@code
 * RecursiveCache<Integer, BigInteger> fibonacci = RecursiveCache.of((cache, n) -> {
 *     if (n < 2) return BigInteger.ONE;
 *     cache.batchAsync(List.of(n - 1, n - 2));           // both branches start at once
 *     return cache.apply(n - 1).add(cache.apply(n - 2)); // joins them
 * });
 * fibonacci.apply(200);  // 453973694165307953197296969697410619233826
 * }</pre>
 *
 * <p>Each argument is computed once: the first caller claims it (a future in one map, by {@code putIfAbsent}) and
 * every later or concurrent caller joins that future. Failures are not memoized: the claim is dropped, the waiting
 * callers get the exception, the next call tries again. Arguments are map keys: non-null, with proper
 * {@code equals}/{@code hashCode}.
 *
 * <p>Threads. Asynchronous branches run on virtual threads, one per branch. A branch usually blocks joining its
 * own sub-branches; on a bounded pool (a fixed pool, or a ForkJoinPool without managed blocking) enough such waits
 * take every worker and the recursion starves — PySpeedup spawns a process per branch for the same reason. A
 * parked virtual thread frees its carrier, so any depth and width of waiting branches makes progress, and there is
 * no pool size to tune. (ForkJoinPool with {@code ManagedBlocker} would also avoid starvation, by adding threads
 * while others block: platform threads, so a wide recursion costs real stacks.)
 *
 * <p>Depth. A synchronous chain such as {@code fibonacci(10_000)} without branches nests one {@code apply} per
 * level; every {@value #HOP_DEPTH} levels the next computation moves to a fresh virtual thread (the caller parks),
 * so no thread's stack grows past that many levels and depth is bounded by memory only (tested at 10,000).
 *
 * <p>A computation that asks for its own argument (directly, or further down the same chain of calls) would wait
 * for itself forever; it fails at once with an {@link IllegalStateException}. A cycle through asynchronous
 * branches (a waits for a branch b that waits for a) cannot be seen and does wait forever.
 */
public final class RecursiveCache<A, R> implements AsyncCache<A, R>, AutoCloseable {

    /** Levels of nested computations on one thread before the next moves to a fresh thread. */
    static final int HOP_DEPTH = 256;

    /** The computations under way on this thread (innermost first), continued across hops. */
    private static final ThreadLocal<Frame> FRAMES = new ThreadLocal<>();

    private final RecursiveFunction<A, R> function;
    private final ConcurrentHashMap<A, CompletableFuture<R>> results = new ConcurrentHashMap<>();
    private final ExecutorService branches = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("samos-cache-", 0).factory());
    private final LongAdder evaluations = new LongAdder();

    private RecursiveCache(RecursiveFunction<A, R> function) {
        this.function = Objects.requireNonNull(function, "function");
    }

    public static <A, R> RecursiveCache<A, R> of(RecursiveFunction<A, R> function) {
        return new RecursiveCache<>(function);
    }

    @Override
    public R apply(A argument) {
        Objects.requireNonNull(argument, "argument");
        CompletableFuture<R> existing = results.get(argument);
        if (existing == null) {
            CompletableFuture<R> mine = new CompletableFuture<>();
            existing = results.putIfAbsent(argument, mine);
            if (existing == null) {
                return computeHere(argument, mine);
            }
        }
        if (!existing.isDone() && inProgressHere(argument)) {
            throw new IllegalStateException("computing " + argument + " asks for " + argument
                    + " again: it would wait for itself forever");
        }
        return await(argument, existing);
    }

    @Override
    public CompletableFuture<R> applyAsync(A argument) {
        Objects.requireNonNull(argument, "argument");
        CompletableFuture<R> existing = results.get(argument);
        if (existing == null) {
            CompletableFuture<R> mine = new CompletableFuture<>();
            existing = results.putIfAbsent(argument, mine);
            if (existing == null) {
                try {
                    branches.execute(() -> computeQuietly(argument, mine, null));
                } catch (RejectedExecutionException e) {
                    results.remove(argument, mine);
                    IllegalStateException closed = new IllegalStateException("the cache is closed", e);
                    mine.completeExceptionally(closed);
                    throw closed;
                }
                existing = mine;
            }
        }
        // A copy, so a caller cancelling or completing its future cannot change what other callers get.
        return existing.copy();
    }

    /** The stored result for {@code argument}, if its computation has finished successfully. */
    public Optional<R> getIfPresent(A argument) {
        CompletableFuture<R> future = results.get(argument);
        return future != null && future.isDone() && !future.isCompletedExceptionally()
                ? Optional.ofNullable(future.join()) : Optional.empty();
    }

    /** How many arguments are stored or being computed. */
    public int size() {
        return results.size();
    }

    /** How many times the function has been run (failed runs included). */
    public long evaluations() {
        return evaluations.sum();
    }

    /** A snapshot of the finished results. */
    public Map<A, R> asMap() {
        Map<A, R> snapshot = new java.util.HashMap<>();
        results.forEach((argument, future) -> {
            if (future.isDone() && !future.isCompletedExceptionally()) {
                snapshot.put(argument, future.join());
            }
        });
        return snapshot;
    }

    /**
     * Interrupts the branches still running and refuses new asynchronous ones; finished results stay readable and
     * {@link #apply} still computes in the caller.
     */
    @Override
    public void close() {
        branches.shutdownNow();
    }

    private R computeHere(A argument, CompletableFuture<R> future) {
        Frame outer = FRAMES.get();
        if (outer != null && outer.sinceHop() >= HOP_DEPTH) {
            Frame continued = outer.hopped();
            Thread.ofVirtual().name("samos-cache-deep").start(() -> computeQuietly(argument, future, continued));
            return await(argument, future);
        }
        FRAMES.set(new Frame(this, argument, outer, outer == null ? 1 : outer.sinceHop() + 1));
        try {
            R result = function.apply(this, argument);
            evaluations.increment();
            future.complete(result);
            return result;
        } catch (Throwable e) {
            evaluations.increment();
            results.remove(argument, future);
            future.completeExceptionally(e);
            throw unchecked(argument, e);
        } finally {
            FRAMES.set(outer);
        }
    }

    private void computeQuietly(A argument, CompletableFuture<R> future, Frame outer) {
        FRAMES.set(outer);
        try {
            computeHere(argument, future);
        } catch (Throwable e) {
            // already in the future, where the waiting callers get it
        } finally {
            FRAMES.remove();
        }
    }

    private R await(A argument, CompletableFuture<R> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw unchecked(argument, e.getCause());
        } catch (CancellationException e) {
            throw new IllegalStateException("computing " + argument + " was cancelled", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + argument, e);
        }
    }

    private boolean inProgressHere(A argument) {
        for (Frame frame = FRAMES.get(); frame != null; frame = frame.outer()) {
            if (frame.cache() == this && frame.argument().equals(argument)) {
                return true;
            }
        }
        return false;
    }

    private static RuntimeException unchecked(Object argument, Throwable e) {
        if (e instanceof RuntimeException runtime) {
            return runtime;
        }
        if (e instanceof Error error) {
            throw error;
        }
        return new CacheComputationException(argument, e);
    }

    /** One computation under way: a persistent stack, shared by the threads a deep chain hops across. */
    private record Frame(RecursiveCache<?, ?> cache, Object argument, Frame outer, int sinceHop) {
        Frame hopped() {
            return new Frame(cache, argument, outer, 0);
        }
    }
}
