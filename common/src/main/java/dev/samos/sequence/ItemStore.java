package dev.samos.sequence;

/**
 * Where a {@link BufferedSequence} keeps the items it has produced: append-only, read by index. The default,
 * {@link InMemoryItemStore}, holds everything on the heap. A store that keeps its RAM bounded (the disk-backed
 * list of {@code dev.samos.collection}) plugs in here through {@link BufferedSequence.Builder#spillTo}, so a
 * sequence can grow past the heap while its most recent items stay in memory.
 *
 * <p>Contract: one thread (the sequence's producer) appends; any thread may read, concurrently with appends, every
 * index below a {@link #size()} it has observed. An implementation must make an appended item visible to readers no
 * later than the size that counts it. The sequence never closes a store it was given: the caller owns it.
 */
public interface ItemStore<T> {

    /** Adds {@code item} at index {@link #size()}. */
    void append(T item);

    /**
     * The item at {@code index}.
     *
     * @throws IndexOutOfBoundsException if {@code index} is negative or not below {@link #size()}
     */
    T get(long index);

    /** How many items have been appended. */
    long size();

    /**
     * A store over a thread-safe {@link java.util.List} — e.g. {@code dev.samos.collection.DiskList}, whose RAM use
     * stays bounded — so a sequence can spill to disk: {@code .spillTo(ItemStore.onList(DiskList.open(dir)), 1024)}.
     */
    static <T> ItemStore<T> onList(java.util.List<T> list) {
        return new ItemStore<>() {
            @Override
            public void append(T item) {
                list.add(item);
            }

            @Override
            public T get(long index) {
                if (index < 0 || index >= list.size()) {
                    throw new IndexOutOfBoundsException("index " + index + ", size " + list.size());
                }
                return list.get((int) index);
            }

            @Override
            public long size() {
                return list.size();
            }
        };
    }
}
