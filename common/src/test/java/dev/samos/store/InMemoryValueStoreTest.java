package dev.samos.store;

import dev.samos.address.ValueAddress;
import java.util.function.UnaryOperator;

class InMemoryValueStoreTest extends ValueStoreContract {

    @Override
    protected ValueStore newStore() {
        return new InMemoryValueStore();
    }

    /** Swaps the array, keeping the byte count the store recorded: a damaged disk does not update counters either. */
    @Override
    protected void rewriteStored(ValueStore store, ValueAddress address, UnaryOperator<byte[]> change) {
        InMemoryValueStore memory = (InMemoryValueStore) store;
        memory.entries.computeIfPresent(address, (a, bytes) -> change.apply(bytes));
    }
}
