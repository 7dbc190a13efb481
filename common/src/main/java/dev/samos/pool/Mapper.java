package dev.samos.pool;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The map operations of a {@link Pool}. Several inputs are zipped and the shortest wins, as in pathos. A failing
 * call cancels the rest and surfaces as a {@link PoolTaskException}.
 */
public interface Mapper {

    /** Every result, in input order; blocks until all are done. */
    <A, R> List<R> map(Function<? super A, ? extends R> f, Iterable<? extends A> xs);

    <A, B, R> List<R> map(BiFunction<? super A, ? super B, ? extends R> f,
                          Iterable<? extends A> xs, Iterable<? extends B> ys);

    <A, B, C, R> List<R> map(TriFunction<? super A, ? super B, ? super C, ? extends R> f,
                             Iterable<? extends A> xs, Iterable<? extends B> ys, Iterable<? extends C> zs);

    /**
     * Results in input order as they are pulled; inputs are read only a few chunks ahead, so they may be infinite.
     * Close the stream (try-with-resources) if it is not read to its end: that cancels the work still running.
     */
    <A, R> Stream<R> imap(Function<? super A, ? extends R> f, Iterable<? extends A> xs);

    <A, B, R> Stream<R> imap(BiFunction<? super A, ? super B, ? extends R> f,
                             Iterable<? extends A> xs, Iterable<? extends B> ys);

    <A, B, C, R> Stream<R> imap(TriFunction<? super A, ? super B, ? super C, ? extends R> f,
                                Iterable<? extends A> xs, Iterable<? extends B> ys, Iterable<? extends C> zs);

    /** Like {@link #imap} but results come as their chunks finish, in no particular order. */
    <A, R> Stream<R> uimap(Function<? super A, ? extends R> f, Iterable<? extends A> xs);

    <A, B, R> Stream<R> uimap(BiFunction<? super A, ? super B, ? extends R> f,
                              Iterable<? extends A> xs, Iterable<? extends B> ys);

    <A, B, C, R> Stream<R> uimap(TriFunction<? super A, ? super B, ? super C, ? extends R> f,
                                 Iterable<? extends A> xs, Iterable<? extends B> ys, Iterable<? extends C> zs);

    /**
     * {@link #map} without waiting: {@code get()} or {@code get(timeout, unit)} the results. A failure completes it
     * with a {@link PoolTaskException} (inside the {@code ExecutionException}); cancelling it cancels the work.
     */
    <A, R> CompletableFuture<List<R>> amap(Function<? super A, ? extends R> f, Iterable<? extends A> xs);

    <A, B, R> CompletableFuture<List<R>> amap(BiFunction<? super A, ? super B, ? extends R> f,
                                              Iterable<? extends A> xs, Iterable<? extends B> ys);

    <A, B, C, R> CompletableFuture<List<R>> amap(TriFunction<? super A, ? super B, ? super C, ? extends R> f,
                                                 Iterable<? extends A> xs, Iterable<? extends B> ys,
                                                 Iterable<? extends C> zs);
}
