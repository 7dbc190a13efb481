package dev.samos.sequence;

import java.util.Comparator;
import java.util.Objects;

/**
 * When a {@link BufferedSequence#contains} search gives up: after each item that is not the one searched for, the
 * condition gets the items looked at so far (read-only), the item searched for and the number of comparisons made
 * in this search (1 for the first). {@code true} ends the search with "not contained".
 *
 * <p>A condition that never holds on an infinite sequence searches forever; bound it with {@link #or} and
 * {@link #afterAttempts}.
 */
@FunctionalInterface
public interface HaltCondition<T> {

    boolean halt(SequenceView<? extends T> seen, T item, long attempts);

    /** PySpeedup's default: the sequence never decreases, so once an item ≥ the one searched for is reached it is not further on. */
    static <T> HaltCondition<T> nonDecreasing(Comparator<? super T> order) {
        Objects.requireNonNull(order, "order");
        return (seen, item, attempts) -> order.compare(seen.last(), item) >= 0;
    }

    /** {@link #nonDecreasing(Comparator)} in the items' natural order (a {@code ClassCastException} if they have none). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static <T> HaltCondition<T> nonDecreasing() {
        return nonDecreasing((Comparator) Comparator.naturalOrder());
    }

    /** Gives up after {@code maxAttempts} comparisons. */
    static <T> HaltCondition<T> afterAttempts(long maxAttempts) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, not " + maxAttempts);
        }
        return (seen, item, attempts) -> attempts >= maxAttempts;
    }

    /** Halts when this condition or {@code other} does. */
    default HaltCondition<T> or(HaltCondition<T> other) {
        Objects.requireNonNull(other, "other");
        return (seen, item, attempts) -> halt(seen, item, attempts) || other.halt(seen, item, attempts);
    }
}
