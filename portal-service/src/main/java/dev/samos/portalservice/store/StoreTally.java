package dev.samos.portalservice.store;

import dev.samos.store.ValueStore.StoreSize;

/**
 * The counts of a value store that cannot count itself cheaply: S3 has no "how many objects" call, only a listing
 * (one request per 1,000 keys). The store adds to its tally exactly when it creates or deletes an object, so
 * {@link S3ValueStore#size()} is a read, never a scan. An implementation shared by every portal-service instance
 * (Redis {@code INCRBY}) makes the counts cluster-wide; {@link #inMemory()} counts what this process did since a
 * starting point (e.g. an {@link S3ValueStore#recount()} at startup).
 */
public interface StoreTally {

    /** Adds to the counts; negative to take away. */
    void add(long values, long bytes);

    StoreSize read();

    /** Counts in this JVM, starting from {@code start}. */
    static StoreTally inMemory(StoreSize start) {
        return new InMemoryTally(start);
    }

    static StoreTally inMemory() {
        return inMemory(new StoreSize(0, 0));
    }
}
