package dev.samos.pool;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.RandomAccess;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The map operations of one pool with one set of options. Several inputs are zipped into one argument list first,
 * so a single engine ({@link MapRun} eager, {@link LazyRun} lazy) serves every arity.
 */
final class Mapping implements ProcessMapper {

    record Pair<A, B>(A a, B b) {
    }

    record Triple<A, B, C>(A a, B b, C c) {
    }

    /**
     * How a pool turns the user's function into the one-argument function its engines apply: on threads a plain
     * adapter; a process pool checks that the function can be shipped and returns a {@link ChunkFunction}.
     */
    interface Lowering {

        Lowering DIRECT = new Lowering() {
        };

        @SuppressWarnings("unchecked")
        default <A, R> Function<A, R> unary(Function<? super A, ? extends R> f) {
            // Only ever applied, never handed back: the cast is safe and keeps the hot loop free of an adapter.
            return (Function<A, R>) f;
        }

        default <A, B, R> Function<Pair<A, B>, R> binary(BiFunction<? super A, ? super B, ? extends R> f) {
            return p -> f.apply(p.a, p.b);
        }

        default <A, B, C, R> Function<Triple<A, B, C>, R> ternary(
                TriFunction<? super A, ? super B, ? super C, ? extends R> f) {
            return t -> f.apply(t.a, t.b, t.c);
        }
    }

    private final ExecutorPool pool;
    private final MapOptions options;
    private final Lowering lowering;

    Mapping(ExecutorPool pool, MapOptions options) {
        this(pool, options, Lowering.DIRECT);
    }

    Mapping(ExecutorPool pool, MapOptions options, Lowering lowering) {
        this.pool = pool;
        this.options = options;
        this.lowering = lowering;
    }

    @Override
    public <A, R> List<R> map(Function<? super A, ? extends R> f, Iterable<? extends A> xs) {
        pool.checkOpen();
        Function<A, R> g = lowering.unary(f);
        return await(pool, new MapRun<A, R>(pool, options, g, materialize(xs)).start(pool.callerMayHelp()));
    }

    @Override
    public <A, B, R> List<R> map(BiFunction<? super A, ? super B, ? extends R> f, Iterable<? extends A> xs,
                                 Iterable<? extends B> ys) {
        pool.checkOpen();
        Function<Pair<A, B>, R> g = lowering.binary(f);
        List<Pair<A, B>> args = materialize(zip(xs, ys), sizeOf(xs, ys));
        return await(pool, new MapRun<Pair<A, B>, R>(pool, options, g, args)
                .start(pool.callerMayHelp()));
    }

    @Override
    public <A, B, C, R> List<R> map(TriFunction<? super A, ? super B, ? super C, ? extends R> f,
                                    Iterable<? extends A> xs, Iterable<? extends B> ys, Iterable<? extends C> zs) {
        pool.checkOpen();
        Function<Triple<A, B, C>, R> g = lowering.ternary(f);
        List<Triple<A, B, C>> args = materialize(zip(xs, ys, zs), Math.min(sizeOf(xs, ys), sizeOf(zs, zs)));
        return await(pool, new MapRun<Triple<A, B, C>, R>(pool, options, g, args)
                .start(pool.callerMayHelp()));
    }

    @Override
    public <A, R> CompletableFuture<List<R>> amap(Function<? super A, ? extends R> f, Iterable<? extends A> xs) {
        pool.checkOpen();
        Function<A, R> g = lowering.unary(f);
        return new MapRun<A, R>(pool, options, g, materialize(xs)).start(false);
    }

    @Override
    public <A, B, R> CompletableFuture<List<R>> amap(BiFunction<? super A, ? super B, ? extends R> f,
                                                     Iterable<? extends A> xs, Iterable<? extends B> ys) {
        pool.checkOpen();
        Function<Pair<A, B>, R> g = lowering.binary(f);
        List<Pair<A, B>> args = materialize(zip(xs, ys), sizeOf(xs, ys));
        return new MapRun<Pair<A, B>, R>(pool, options, g, args).start(false);
    }

    @Override
    public <A, B, C, R> CompletableFuture<List<R>> amap(TriFunction<? super A, ? super B, ? super C, ? extends R> f,
                                                        Iterable<? extends A> xs, Iterable<? extends B> ys,
                                                        Iterable<? extends C> zs) {
        pool.checkOpen();
        Function<Triple<A, B, C>, R> g = lowering.ternary(f);
        List<Triple<A, B, C>> args = materialize(zip(xs, ys, zs), Math.min(sizeOf(xs, ys), sizeOf(zs, zs)));
        return new MapRun<Triple<A, B, C>, R>(pool, options, g, args).start(false);
    }

    @Override
    public <A, R> Stream<R> imap(Function<? super A, ? extends R> f, Iterable<? extends A> xs) {
        return lazy(lowering.unary(f), xs.iterator(), true);
    }

    @Override
    public <A, B, R> Stream<R> imap(BiFunction<? super A, ? super B, ? extends R> f, Iterable<? extends A> xs,
                                    Iterable<? extends B> ys) {
        return lazy(lowering.binary(f), zip(xs, ys), true);
    }

    @Override
    public <A, B, C, R> Stream<R> imap(TriFunction<? super A, ? super B, ? super C, ? extends R> f,
                                       Iterable<? extends A> xs, Iterable<? extends B> ys,
                                       Iterable<? extends C> zs) {
        return lazy(lowering.ternary(f), zip(xs, ys, zs), true);
    }

    @Override
    public <A, R> Stream<R> uimap(Function<? super A, ? extends R> f, Iterable<? extends A> xs) {
        return lazy(lowering.unary(f), xs.iterator(), false);
    }

    @Override
    public <A, B, R> Stream<R> uimap(BiFunction<? super A, ? super B, ? extends R> f, Iterable<? extends A> xs,
                                     Iterable<? extends B> ys) {
        return lazy(lowering.binary(f), zip(xs, ys), false);
    }

    @Override
    public <A, B, C, R> Stream<R> uimap(TriFunction<? super A, ? super B, ? super C, ? extends R> f,
                                        Iterable<? extends A> xs, Iterable<? extends B> ys,
                                        Iterable<? extends C> zs) {
        return lazy(lowering.ternary(f), zip(xs, ys, zs), false);
    }

    private <A, R> Stream<R> lazy(Function<? super A, ? extends R> f, Iterator<? extends A> source,
                                  boolean ordered) {
        pool.checkOpen();
        var run = new LazyRun<A, R>(pool, options, f, source, ordered);
        int characteristics = ordered ? Spliterator.ORDERED : 0;
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(run, characteristics), false)
                .onClose(run::close);
    }

    /** Waits for a map, rethrowing its failure as thrown by the task rather than wrapped in the future's. */
    static <T> T await(ExecutorPool pool, CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting for pool " + pool.name());
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        }
    }

    private static <A> List<? extends A> materialize(Iterable<? extends A> xs) {
        // A random-access list is read in place: copying a million inputs would cost as much as mapping them.
        if (xs instanceof List<? extends A> list && xs instanceof RandomAccess) {
            return list;
        }
        return materialize(xs.iterator(), xs instanceof Collection<?> c ? c.size() : -1);
    }

    private static <T> List<T> materialize(Iterator<? extends T> it, int size) {
        List<T> out = new ArrayList<>(size >= 0 ? size : 16);
        while (it.hasNext()) {
            out.add(it.next());
        }
        return out;
    }

    private static int sizeOf(Iterable<?> xs, Iterable<?> ys) {
        if (xs instanceof Collection<?> a && ys instanceof Collection<?> b) {
            return Math.min(a.size(), b.size());
        }
        return -1;
    }

    private static <A, B> Iterator<Pair<A, B>> zip(Iterable<? extends A> xs, Iterable<? extends B> ys) {
        Iterator<? extends A> as = xs.iterator();
        Iterator<? extends B> bs = ys.iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return as.hasNext() && bs.hasNext();
            }

            @Override
            public Pair<A, B> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return new Pair<>(as.next(), bs.next());
            }
        };
    }

    private static <A, B, C> Iterator<Triple<A, B, C>> zip(Iterable<? extends A> xs, Iterable<? extends B> ys,
                                                          Iterable<? extends C> zs) {
        Iterator<? extends A> as = xs.iterator();
        Iterator<? extends B> bs = ys.iterator();
        Iterator<? extends C> cs = zs.iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return as.hasNext() && bs.hasNext() && cs.hasNext();
            }

            @Override
            public Triple<A, B, C> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return new Triple<>(as.next(), bs.next(), cs.next());
            }
        };
    }
}
