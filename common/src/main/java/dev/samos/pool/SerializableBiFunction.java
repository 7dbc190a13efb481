package dev.samos.pool;

import java.io.Serializable;
import java.util.function.BiFunction;

/** A {@link BiFunction} a process pool can ship to a child JVM (see {@link SerializableFunction}). */
@FunctionalInterface
public interface SerializableBiFunction<A, B, R> extends BiFunction<A, B, R>, Serializable {
}
