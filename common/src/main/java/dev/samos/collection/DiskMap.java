package dev.samos.collection;

import dev.samos.address.CanonicalEncoding;
import dev.samos.codec.StorageCodec;
import dev.samos.value.NotAValueException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStoreException;

/**
 * A {@link Map} of Samos values kept in a folder, with bounded memory however large it grows (see
 * {@link DiskOptions}). Keys are compared by their canonical encoding, not by {@code equals}/{@code hashCode}:
 * {@code Map.of("x", 3)} and a {@code LinkedHashMap} with the same entry are one key, {@code 3} and {@code 3L} too,
 * and every key is found again by any later JVM. Small immutable keys and values (numbers, booleans, short strings
 * and byte strings) are stored in a compact form of their own and kept decoded in the page cache; everything else
 * with the {@link StorageCodec} (see {@link Slots}). {@code get} returns a fresh copy of a mutable value, so changing a
 * returned collection does not change the map.
 *
 * <p>Thread-safe: every single operation is atomic; the compound defaults of {@link Map} ({@code merge},
 * {@code compute}, {@code putIfAbsent}) are not, so synchronize around them when threads share keys. Iteration never
 * throws {@code ConcurrentModificationException} (it walks the B-tree as it was when the iterator was made). No null
 * keys or values. Durable: a change is written to the file at most
 * {@code commitMillis} after it is made or when the write buffer fills, and then survives a crash of the process;
 * {@link #flush()} writes and fsyncs at once, so what was flushed survives a crash of the machine too. A killed
 * process never leaves a corrupt store: reopening finds the last version written. One process at a time: a
 * second opener, in this JVM or another, gets a {@link DiskCollectionLockedException}.
 */
public final class DiskMap<K, V> extends AbstractMap<K, V> implements AutoCloseable {

    /** Longer canonical keys are stored as their SHA-256, so a huge key does not bloat the B-tree's pages. */
    private static final int MAX_INLINE_KEY = 128;
    /** CBOR "break": never the first byte of a canonical encoding, so hashed keys cannot meet inline ones. */
    private static final byte HASHED_KEY = (byte) 0xFF;

    private final DiskStore disk;
    private final MVMap<byte[], Object> entries;
    private final StorageCodec codec = new StorageCodec();
    private final Set<Entry<K, V>> entrySet = new EntrySet();

    private DiskMap(DiskStore disk) {
        this.disk = disk;
        this.entries = disk.openMap("entries", new MVMap.Builder<byte[], Object>()
                .keyType(KeyPages.INSTANCE).valueType(SlotPages.PAIRS));
    }

    /** Opens the map in {@code folder} (created if missing), with the default limits. */
    public static <K, V> DiskMap<K, V> open(Path folder) {
        return open(folder, DiskOptions.defaults());
    }

    /**
     * @throws DiskCollectionLockedException if the folder is open already, here or in another process
     * @throws DiskCollectionException       if the folder holds something other than a DiskMap
     */
    public static <K, V> DiskMap<K, V> open(Path folder, DiskOptions options) {
        Objects.requireNonNull(options, "options");
        return new DiskMap<>(DiskStore.open(Objects.requireNonNull(folder, "folder"), "DiskMap", options, false));
    }

    @Override
    public V get(Object key) {
        Slots.Pair stored = stored(key);
        return stored == null ? null : valueOf(stored);
    }

    @Override
    public boolean containsKey(Object key) {
        return stored(key) != null;
    }

    /** @throws NotAValueException if the key or value is not a Samos value */
    @Override
    public V put(K key, V value) {
        byte[] bytes = keyBytes(key);
        Slots.Pair pair = pair(key, value);
        Object old;
        try {
            old = entries.put(bytes, pair);
        } catch (MVStoreException e) {
            throw disk.failure(e);
        }
        return old == null ? null : valueOf((Slots.Pair) old);
    }

    /** {@link #put} without reading back the previous value: one decode less when it is not a small value. */
    public void set(K key, V value) {
        byte[] bytes = keyBytes(key);
        Slots.Pair pair = pair(key, value);
        try {
            entries.put(bytes, pair);
        } catch (MVStoreException e) {
            throw disk.failure(e);
        }
    }

    @Override
    public V remove(Object key) {
        byte[] bytes = lookupBytes(key);
        if (bytes == null) {
            return null;
        }
        Object old;
        try {
            old = entries.remove(bytes);
        } catch (MVStoreException e) {
            throw disk.failure(e);
        }
        return old == null ? null : valueOf((Slots.Pair) old);
    }

    @Override
    public int size() {
        return (int) Math.min(Integer.MAX_VALUE, entries.sizeAsLong());
    }

    public long sizeAsLong() {
        return entries.sizeAsLong();
    }

    @Override
    public boolean isEmpty() {
        return entries.sizeAsLong() == 0;
    }

    @Override
    public void clear() {
        entries.clear();
    }

    @Override
    public Set<Entry<K, V>> entrySet() {
        return entrySet;
    }

    /** Writes every change so far and fsyncs it: after this returns, it survives a crash of the process or machine. */
    public void flush() {
        disk.flush();
    }

    public Path folder() {
        return disk.folder();
    }

    /** Writes what is pending and releases the folder for the next opener. */
    @Override
    public void close() {
        disk.close();
    }

    private Slots.Pair stored(Object key) {
        byte[] bytes = lookupBytes(key);
        if (bytes == null) {
            return null;
        }
        try {
            return (Slots.Pair) entries.get(bytes);
        } catch (MVStoreException e) {
            throw disk.failure(e);
        }
    }

    /** Lookups with something that is not a value find nothing, as in any map that never stored it. */
    private static byte[] lookupBytes(Object key) {
        if (key == null) {
            return null;
        }
        try {
            return keyBytes(key);
        } catch (NotAValueException e) {
            return null;
        }
    }

    private static byte[] keyBytes(Object key) {
        byte[] canonical = CanonicalEncoding.encode(Objects.requireNonNull(key, "key"), "key");
        if (canonical.length <= MAX_INLINE_KEY) {
            return canonical;
        }
        byte[] hashed = new byte[33];
        hashed[0] = HASHED_KEY;
        System.arraycopy(sha256(canonical), 0, hashed, 1, 32);
        return hashed;
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** Key and value are stored together: the canonical key bytes cannot be decoded, and iteration needs the key. */
    private Slots.Pair pair(K key, V value) {
        return new Slots.Pair(Slots.of(key, codec), Slots.of(Objects.requireNonNull(value, "value"), codec));
    }

    @SuppressWarnings("unchecked")
    private V valueOf(Slots.Pair stored) {
        return (V) Slots.value(stored.value(), codec);
    }

    private final class EntrySet extends AbstractSet<Entry<K, V>> {

        @Override
        public Iterator<Entry<K, V>> iterator() {
            return new EntryIterator(entries.cursor(null));
        }

        @Override
        public int size() {
            return DiskMap.this.size();
        }

        @Override
        public boolean contains(Object o) {
            if (!(o instanceof Entry<?, ?> e)) {
                return false;
            }
            Slots.Pair stored = stored(e.getKey());
            return stored != null && Objects.equals(valueOf(stored), e.getValue());
        }

        @Override
        public boolean remove(Object o) {
            if (!contains(o)) {
                return false;
            }
            DiskMap.this.remove(((Entry<?, ?>) o).getKey());
            return true;
        }

        @Override
        public void clear() {
            DiskMap.this.clear();
        }
    }

    private final class EntryIterator implements Iterator<Entry<K, V>> {
        private final Cursor<byte[], Object> cursor;
        private byte[] lastKey;

        EntryIterator(Cursor<byte[], Object> cursor) {
            this.cursor = cursor;
        }

        @Override
        public boolean hasNext() {
            try {
                return cursor.hasNext();
            } catch (MVStoreException e) {
                throw disk.failure(e);
            }
        }

        @Override
        @SuppressWarnings("unchecked")
        public Entry<K, V> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Slots.Pair pair;
            try {
                lastKey = cursor.next();
                pair = (Slots.Pair) cursor.getValue();
            } catch (MVStoreException e) {
                throw disk.failure(e);
            }
            return new DiskEntry((K) Slots.value(pair.key(), codec), (V) Slots.value(pair.value(), codec));
        }

        @Override
        public void remove() {
            if (lastKey == null) {
                throw new IllegalStateException("next() first");
            }
            entries.remove(lastKey);
            lastKey = null;
        }
    }

    /** An entry as read; {@code setValue} writes through to the map. */
    private final class DiskEntry extends SimpleEntry<K, V> {
        DiskEntry(K key, V value) {
            super(key, value);
        }

        @Override
        public V setValue(V value) {
            V old = super.setValue(value);
            set(getKey(), value);
            return old;
        }
    }
}
