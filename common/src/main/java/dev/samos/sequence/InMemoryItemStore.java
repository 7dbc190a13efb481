package dev.samos.sequence;

import java.util.Arrays;

/**
 * An {@link ItemStore} on the heap, in chunks of 1,024 items, so growing never copies the items themselves and the
 * index may pass {@code Integer.MAX_VALUE}.
 */
public final class InMemoryItemStore<T> implements ItemStore<T> {

    private static final int CHUNK_BITS = 10;
    private static final int CHUNK = 1 << CHUNK_BITS;
    private static final int MASK = CHUNK - 1;

    // Both volatile: a reader that sees a size must also see the chunk table and the items that size counts. The
    // single writer fills a slot, then publishes it with the volatile write of size.
    private volatile Object[][] chunks = new Object[16][];
    private volatile long size;

    @Override
    public void append(T item) {
        long n = size;
        int chunk = (int) (n >>> CHUNK_BITS);
        Object[][] table = chunks;
        if (chunk == table.length) {
            table = Arrays.copyOf(table, table.length * 2);
        }
        if (table[chunk] == null) {
            table[chunk] = new Object[CHUNK];
        }
        table[chunk][(int) (n & MASK)] = item;
        chunks = table;
        size = n + 1;
    }

    @Override
    @SuppressWarnings("unchecked")
    public T get(long index) {
        long n = size;
        if (index < 0 || index >= n) {
            throw new IndexOutOfBoundsException("index " + index + " of " + n + " items");
        }
        return (T) chunks[(int) (index >>> CHUNK_BITS)][(int) (index & MASK)];
    }

    @Override
    public long size() {
        return size;
    }
}
