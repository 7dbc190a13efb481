package dev.samos.store;

import dev.samos.address.ValueAddress;
import dev.samos.codec.CorruptValueException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where a portal keeps values (arguments, results, function bundles) by their address: one of the portal's two
 * seams. A folder of files for the local portal, S3 behind portal-service for the cluster. Values never change once
 * stored, so a store may cache "is it there?" answers and decoded values forever.
 *
 * <p>Every read is verified: the value given back hashes to the address asked for, or the read throws
 * {@link CorruptValueException} naming the address and the store forgets the damaged entry (so a caller recomputes
 * it instead of returning wrong data).
 */
public interface ValueStore extends AutoCloseable {

    /** Stores {@code value}, whose address the caller computed, unless it is there already. */
    void put(ValueAddress address, Object value);

    /** Stores {@code value} under its own address (if new) and gives that address. */
    default ValueAddress put(Object value) {
        ValueAddress address = ValueAddress.of(value);
        put(address, value);
        return address;
    }

    /** Stores many values at once; a store with a round trip per call sends them together. */
    default void putAll(Map<ValueAddress, ?> values) {
        values.forEach(this::put);
    }

    boolean has(ValueAddress address);

    /** Those of {@code addresses} this store does not have. */
    default Set<ValueAddress> missing(Collection<ValueAddress> addresses) {
        Set<ValueAddress> missing = new java.util.LinkedHashSet<>();
        for (ValueAddress address : addresses) {
            if (!has(address)) {
                missing.add(address);
            }
        }
        return missing;
    }

    /**
     * The value at {@code address}, verified against it, or empty if this store does not have it.
     *
     * @throws CorruptValueException if the stored bytes are damaged or hold another value; the entry is forgotten
     */
    Optional<StoredValue> get(ValueAddress address);

    /** The values of those of {@code addresses} this store has, verified, in the order asked. */
    default Map<ValueAddress, StoredValue> getAll(List<ValueAddress> addresses) {
        Map<ValueAddress, StoredValue> found = new LinkedHashMap<>();
        for (ValueAddress address : addresses) {
            get(address).ifPresent(value -> found.put(address, value));
        }
        return found;
    }

    /** How many values, and how many bytes in their stored form, this store holds (kept, never counted by a scan). */
    StoreSize size();

    /** Where the store is, for messages: a folder, a bucket, a service's URL. */
    String location();

    @Override
    void close();

    /** Counts of a store. */
    record StoreSize(long values, long bytes) {
    }
}
