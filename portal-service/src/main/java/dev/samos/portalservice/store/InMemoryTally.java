package dev.samos.portalservice.store;

import dev.samos.store.ValueStore.StoreSize;
import java.util.concurrent.atomic.LongAdder;

/** Two adders: a put from many threads at once never waits on another. A read is not a snapshot of both. */
final class InMemoryTally implements StoreTally {

    private final LongAdder values = new LongAdder();
    private final LongAdder bytes = new LongAdder();

    InMemoryTally(StoreSize start) {
        add(start.values(), start.bytes());
    }

    @Override
    public void add(long values, long bytes) {
        this.values.add(values);
        this.bytes.add(bytes);
    }

    @Override
    public StoreSize read() {
        return new StoreSize(values.sum(), bytes.sum());
    }
}
