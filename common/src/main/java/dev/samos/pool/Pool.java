package dev.samos.pool;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Workers that run a function over many inputs (like a pathos pool). Every factory call makes a new pool with its
 * own threads — unlike pathos, nothing is cached by size, so closing one pool never touches another.
 *
 * <pre>{@code
 * try (Pool pool = Pool.threads(4)) {
 *     List<Integer> powers = pool.map((Integer b, Integer e) -> (int) Math.pow(b, e), bases, exponents);
 * }
 * }</pre>
 *
 * Using a pool after {@link #close()} or {@link #terminate()} throws {@link IllegalStateException}.
 */
public interface Pool extends Mapper, AutoCloseable {

    /** {@code n} platform threads, named {@code samos-pool-<id>-<k>}; for CPU-bound functions. */
    static Pool threads(int n) {
        return ExecutorPool.platform(n);
    }

    /** One virtual thread per chunk with no bound; for functions that mostly wait. */
    static Pool virtualThreads() {
        return ExecutorPool.virtual(0);
    }

    /** Virtual threads, at most {@code maxConcurrency} running the function at once (e.g. to spare a server). */
    static Pool virtualThreads(int maxConcurrency) {
        if (maxConcurrency < 1) {
            throw new IllegalArgumentException("maxConcurrency must be at least 1, was " + maxConcurrency);
        }
        return ExecutorPool.virtual(maxConcurrency);
    }

    /**
     * {@code n} child JVMs started now with this JVM's {@code java} and class path, stopped by {@link #close()}
     * (and by their own watch if this JVM dies): for CPU-bound work that must not share a heap or a GC. The
     * function, its captures, the inputs and the results cross a process boundary, so they must be shippable —
     * see {@link ProcessPool}.
     */
    static ProcessPool processes(int n) {
        return ProcessPool.start(n, ProcessOptions.DEFAULTS);
    }

    /** {@link #processes(int)} with JVM options for the children. */
    static ProcessPool processes(int n, ProcessOptions options) {
        return ProcessPool.start(n, java.util.Objects.requireNonNull(options, "options"));
    }

    /** The map operations with other options (chunk size, progress); the view closes with this pool. */
    Mapper with(MapOptions options);

    // The map operations of the pool itself are those of its view with the default options.

    @Override
    default <A, R> List<R> map(Function<? super A, ? extends R> f, Iterable<? extends A> xs) {
        return with(MapOptions.DEFAULTS).map(f, xs);
    }

    @Override
    default <A, B, R> List<R> map(BiFunction<? super A, ? super B, ? extends R> f, Iterable<? extends A> xs,
                                  Iterable<? extends B> ys) {
        return with(MapOptions.DEFAULTS).map(f, xs, ys);
    }

    @Override
    default <A, B, C, R> List<R> map(TriFunction<? super A, ? super B, ? super C, ? extends R> f,
                                     Iterable<? extends A> xs, Iterable<? extends B> ys, Iterable<? extends C> zs) {
        return with(MapOptions.DEFAULTS).map(f, xs, ys, zs);
    }

    @Override
    default <A, R> Stream<R> imap(Function<? super A, ? extends R> f, Iterable<? extends A> xs) {
        return with(MapOptions.DEFAULTS).imap(f, xs);
    }

    @Override
    default <A, B, R> Stream<R> imap(BiFunction<? super A, ? super B, ? extends R> f, Iterable<? extends A> xs,
                                     Iterable<? extends B> ys) {
        return with(MapOptions.DEFAULTS).imap(f, xs, ys);
    }

    @Override
    default <A, B, C, R> Stream<R> imap(TriFunction<? super A, ? super B, ? super C, ? extends R> f,
                                        Iterable<? extends A> xs, Iterable<? extends B> ys,
                                        Iterable<? extends C> zs) {
        return with(MapOptions.DEFAULTS).imap(f, xs, ys, zs);
    }

    @Override
    default <A, R> Stream<R> uimap(Function<? super A, ? extends R> f, Iterable<? extends A> xs) {
        return with(MapOptions.DEFAULTS).uimap(f, xs);
    }

    @Override
    default <A, B, R> Stream<R> uimap(BiFunction<? super A, ? super B, ? extends R> f, Iterable<? extends A> xs,
                                      Iterable<? extends B> ys) {
        return with(MapOptions.DEFAULTS).uimap(f, xs, ys);
    }

    @Override
    default <A, B, C, R> Stream<R> uimap(TriFunction<? super A, ? super B, ? super C, ? extends R> f,
                                         Iterable<? extends A> xs, Iterable<? extends B> ys,
                                         Iterable<? extends C> zs) {
        return with(MapOptions.DEFAULTS).uimap(f, xs, ys, zs);
    }

    @Override
    default <A, R> CompletableFuture<List<R>> amap(Function<? super A, ? extends R> f, Iterable<? extends A> xs) {
        return with(MapOptions.DEFAULTS).amap(f, xs);
    }

    @Override
    default <A, B, R> CompletableFuture<List<R>> amap(BiFunction<? super A, ? super B, ? extends R> f,
                                                      Iterable<? extends A> xs, Iterable<? extends B> ys) {
        return with(MapOptions.DEFAULTS).amap(f, xs, ys);
    }

    @Override
    default <A, B, C, R> CompletableFuture<List<R>> amap(
            TriFunction<? super A, ? super B, ? super C, ? extends R> f, Iterable<? extends A> xs,
            Iterable<? extends B> ys, Iterable<? extends C> zs) {
        return with(MapOptions.DEFAULTS).amap(f, xs, ys, zs);
    }

    /** One call on a worker, waiting for it; a failure is a {@link PoolTaskException} with index 0. */
    <A, R> R pipe(Function<? super A, ? extends R> f, A x);

    <A, B, R> R pipe(BiFunction<? super A, ? super B, ? extends R> f, A x, B y);

    /** One call on a worker, not waiting. */
    <A, R> CompletableFuture<R> apipe(Function<? super A, ? extends R> f, A x);

    <A, B, R> CompletableFuture<R> apipe(BiFunction<? super A, ? super B, ? extends R> f, A x, B y);

    /** How many calls run at once at most (for chunking). */
    int workers();

    /** Takes no new work and waits for the running work to finish; then every thread has ended. Idempotent. */
    @Override
    void close();

    /** Waits until the work submitted so far has finished; the pool stays open. */
    void join();

    /**
     * Takes no new work, interrupts the running calls and drops queued ones (their maps fail with a
     * {@code CancellationException}), then waits for the threads to end.
     */
    void terminate();

    boolean isClosed();
}
