package dev.samos.sequence;

/**
 * A read-only view of the items a {@link BufferedSequence#contains} search has looked at so far, in order: what a
 * {@link HaltCondition} judges. Its {@link #last()} is the item just compared, never a look-ahead item beyond it.
 */
public interface SequenceView<T> {

    /** How many items the view holds (at least 1). */
    long size();

    /**
     * The item at {@code index}.
     *
     * @throws IndexOutOfBoundsException if {@code index} is negative or not below {@link #size()}
     */
    T get(long index);

    /** The item just compared with the one searched for. */
    default T last() {
        return get(size() - 1);
    }
}
