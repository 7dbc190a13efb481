package dev.samos.pool;

import java.io.Serializable;
import java.util.function.Function;

/**
 * A {@link Function} whose lambdas a {@linkplain Pool#processes(int) process pool} can ship to a child JVM:
 * {@code SerializableFunction<Integer, Integer> square = x -> x * x;}. Java records how a serializable lambda was
 * made (its class, method and captured values); a plain lambda is an opaque object that cannot leave its JVM.
 */
@FunctionalInterface
public interface SerializableFunction<A, R> extends Function<A, R>, Serializable {
}
