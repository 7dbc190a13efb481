package dev.samos.pool;

import java.util.List;
import java.util.function.Function;

/**
 * A function a pool applies a chunk of inputs at a time rather than one input at a time: a process pool sends
 * the whole chunk to a child in one message, so a million tiny calls are a few hundred round trips.
 */
interface ChunkFunction<A, R> extends Function<A, R> {

    /**
     * Writes {@code results[at + k]} for every {@code inputs.get(k)}. A failing call throws a {@link Failure} after
     * the results before it were written.
     */
    void applyChunk(List<? extends A> inputs, Object[] results, int at);

    @Override
    @SuppressWarnings("unchecked")
    default R apply(A input) {
        Object[] one = new Object[1];
        try {
            applyChunk(java.util.Collections.singletonList(input), one, 0);
        } catch (Failure e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
        return (R) one[0];
    }

    /** The call at {@code offset} within the chunk failed with the cause. */
    final class Failure extends RuntimeException {

        private final int offset;

        Failure(int offset, Throwable cause) {
            super(null, cause, false, false);
            this.offset = offset;
        }

        int offset() {
            return offset;
        }
    }
}
