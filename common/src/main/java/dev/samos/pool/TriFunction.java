package dev.samos.pool;

/** A function of three arguments, for {@code map(f, xs, ys, zs)}. */
@FunctionalInterface
public interface TriFunction<A, B, C, R> {

    R apply(A a, B b, C c);
}
