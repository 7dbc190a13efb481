package dev.samos.pool;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The map operations of a {@link ProcessPool}, with overloads taking the serializable function types, so a lambda
 * written in the call is serializable by itself: {@code processPool.map(x -> x * x, xs)}. (Through the plain
 * {@link Mapper} or {@link Pool} type the lambda would be a plain {@code Function}, which cannot be shipped.)
 * Java picks these overloads for lambdas and method references because their types are the more specific.
 */
public interface ProcessMapper extends Mapper {

    default <A, R> List<R> map(SerializableFunction<? super A, ? extends R> f,
            Iterable<? extends A> xs) {
        return map((Function<? super A, ? extends R>) f, xs);
    }

    default <A, B, R> List<R> map(SerializableBiFunction<? super A, ? super B, ? extends R> f,
            Iterable<? extends A> xs, Iterable<? extends B> ys) {
        return map((BiFunction<? super A, ? super B, ? extends R>) f, xs, ys);
    }

    default <A, B, C, R> List<R> map(SerializableTriFunction<? super A, ? super B, ? super C, ? extends R> f,
            Iterable<? extends A> xs, Iterable<? extends B> ys, Iterable<? extends C> zs) {
        return map((TriFunction<? super A, ? super B, ? super C, ? extends R>) f, xs, ys, zs);
    }

    default <A, R> Stream<R> imap(SerializableFunction<? super A, ? extends R> f,
            Iterable<? extends A> xs) {
        return imap((Function<? super A, ? extends R>) f, xs);
    }

    default <A, B, R> Stream<R> imap(SerializableBiFunction<? super A, ? super B, ? extends R> f,
            Iterable<? extends A> xs, Iterable<? extends B> ys) {
        return imap((BiFunction<? super A, ? super B, ? extends R>) f, xs, ys);
    }

    default <A, B, C, R> Stream<R> imap(SerializableTriFunction<? super A, ? super B, ? super C, ? extends R> f,
            Iterable<? extends A> xs, Iterable<? extends B> ys, Iterable<? extends C> zs) {
        return imap((TriFunction<? super A, ? super B, ? super C, ? extends R>) f, xs, ys, zs);
    }

    default <A, R> Stream<R> uimap(SerializableFunction<? super A, ? extends R> f,
            Iterable<? extends A> xs) {
        return uimap((Function<? super A, ? extends R>) f, xs);
    }

    default <A, B, R> Stream<R> uimap(SerializableBiFunction<? super A, ? super B, ? extends R> f,
            Iterable<? extends A> xs, Iterable<? extends B> ys) {
        return uimap((BiFunction<? super A, ? super B, ? extends R>) f, xs, ys);
    }

    default <A, B, C, R> Stream<R> uimap(SerializableTriFunction<? super A, ? super B, ? super C, ? extends R> f,
            Iterable<? extends A> xs, Iterable<? extends B> ys, Iterable<? extends C> zs) {
        return uimap((TriFunction<? super A, ? super B, ? super C, ? extends R>) f, xs, ys, zs);
    }

    default <A, R> CompletableFuture<List<R>> amap(SerializableFunction<? super A, ? extends R> f,
            Iterable<? extends A> xs) {
        return amap((Function<? super A, ? extends R>) f, xs);
    }

    default <A, B, R> CompletableFuture<List<R>> amap(SerializableBiFunction<? super A, ? super B, ? extends R> f,
            Iterable<? extends A> xs, Iterable<? extends B> ys) {
        return amap((BiFunction<? super A, ? super B, ? extends R>) f, xs, ys);
    }

    default <A, B, C, R> CompletableFuture<List<R>> amap(SerializableTriFunction<? super A, ? super B, ? super C, ? extends R> f,
            Iterable<? extends A> xs, Iterable<? extends B> ys, Iterable<? extends C> zs) {
        return amap((TriFunction<? super A, ? super B, ? super C, ? extends R>) f, xs, ys, zs);
    }
}
