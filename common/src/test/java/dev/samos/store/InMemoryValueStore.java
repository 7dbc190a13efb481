package dev.samos.store;

import dev.samos.address.ValueAddress;
import dev.samos.codec.CorruptValueException;
import dev.samos.codec.StorageCodec;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The simplest store that keeps the contract: storage-codec bytes in a map. It shows that {@link ValueStoreContract}
 * can be met by plain code, and serves tests elsewhere that need a store and no server.
 */
public final class InMemoryValueStore implements ValueStore {

    private final StorageCodec codec = new StorageCodec();
    /** Package-private so the contract's test can damage entries. */
    final ConcurrentMap<ValueAddress, byte[]> entries = new ConcurrentHashMap<>();
    private final AtomicLong values = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();

    @Override
    public void put(ValueAddress address, Object value) {
        if (entries.containsKey(address)) {
            return;
        }
        byte[] encoded = codec.encode(value);
        if (entries.putIfAbsent(address, encoded) == null) {
            values.incrementAndGet();
            bytes.addAndGet(encoded.length);
        }
    }

    @Override
    public boolean has(ValueAddress address) {
        return entries.containsKey(address);
    }

    @Override
    public Optional<StoredValue> get(ValueAddress address) {
        byte[] stored = entries.get(address);
        if (stored == null) {
            return Optional.empty();
        }
        Object value;
        try {
            value = codec.decode(stored);
        } catch (CorruptValueException e) {
            forget(address, stored);
            throw new CorruptValueException("value " + address + " in memory is damaged and was removed: "
                    + e.getMessage(), e);
        }
        ValueAddress actual = ValueAddress.of(value);
        if (!actual.equals(address)) {
            forget(address, stored);
            throw new CorruptValueException("value " + address + " in memory holds a different value (" + actual
                    + "); it was removed");
        }
        return Optional.of(new StoredValue(value));
    }

    private void forget(ValueAddress address, byte[] stored) {
        if (entries.remove(address, stored)) {
            values.decrementAndGet();
            bytes.addAndGet(-stored.length);
        }
    }

    @Override
    public StoreSize size() {
        return new StoreSize(values.get(), bytes.get());
    }

    @Override
    public String location() {
        return "memory";
    }

    @Override
    public void close() {
        entries.clear();
    }
}
