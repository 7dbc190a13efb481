package dev.samos.pool;

import java.io.Serializable;

/** A {@link TriFunction} a process pool can ship to a child JVM (see {@link SerializableFunction}). */
@FunctionalInterface
public interface SerializableTriFunction<A, B, C, R> extends TriFunction<A, B, C, R>, Serializable {
}
