package dev.samos.portal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.samos.codec.CorruptValueException;
import dev.samos.execution.ExecutionAddress;
import dev.samos.index.ExecutionIndex;
import dev.samos.index.ExecutionIndex.Result;
import dev.samos.store.StoredValue;
import dev.samos.value.FrozenValue;
import dev.samos.value.ValueSize;
import java.util.Optional;

/**
 * Where a portal finds results: its in-memory cache of hot results first, then the index and the store. A stored
 * result that turns out damaged or missing is forgotten by the index (so it is computed again), never returned.
 */
final class Results {

    /** Results kept frozen: a caller changing what it was handed cannot change what the next caller gets. */
    private final Cache<ExecutionAddress, FrozenValue> hot;
    private final ExecutionIndex index;
    private final InlineValues inline;

    /**
     * What an entry costs besides its result and its address: the cache's node, its hash table's node and slot, its
     * frequency sketch's share, the {@link FrozenValue}. Weighing small results by their own size alone let a
     * 256 MB gateway keep a million of them, some 400 bytes each, and run out of heap (cluster benchmark,
     * 2026-11-30).
     */
    static final long ENTRY_BYTES = 136;

    /** Results weighing more than this are not kept in memory: read from the store each time instead. */
    private final long largestHot;

    /**
     * @param hotResultBytes the memory budget of the cache, in estimated heap bytes ({@link FrozenValue#weight()});
     *     one result may take at most a sixteenth of it, so a few large results never push out everything else
     */
    Results(ExecutionIndex index, InlineValues inline, long hotResultBytes) {
        this.index = index;
        this.inline = inline;
        this.largestHot = hotResultBytes / 16;
        // Upkeep (eviction) runs on the thread that stores a result: on the common pool it woke a thread per
        // first call (a futex wake in every call, and a second core busy; perf, first calls).
        this.hot = Caffeine.newBuilder()
                .executor(Runnable::run)
                .maximumWeight(hotResultBytes)
                .weigher((ExecutionAddress address, FrozenValue value) -> (int) Math.min(value.weight()
                        + ValueSize.of(address) + ENTRY_BYTES, Integer.MAX_VALUE))
                .build();
    }

    /** The result in memory, if it is there (null if not); hand it out with {@link FrozenValue#handOut()}. */
    FrozenValue hot(ExecutionAddress address) {
        return hot.getIfPresent(address);
    }

    /** Keeps a result in memory, frozen, and gives back what a caller may be handed. */
    Object remember(ExecutionAddress address, Object result) {
        FrozenValue frozen = FrozenValue.of(result);
        if (frozen.weight() <= largestHot) {
            hot.put(address, frozen);
        }
        return frozen.handOut();
    }

    /** The stored result of an execution, from memory or the index and store. */
    Optional<StoredValue> stored(ExecutionAddress address) {
        FrozenValue cached = hot(address);
        if (cached != null) {
            return Optional.of(new StoredValue(cached.handOut()));
        }
        return stored(address, index.state(address).map(ExecutionIndex.State::result).orElse(null));
    }

    /** The value of {@code result} (null: none yet), verified and kept in memory; empty if damaged or missing. */
    Optional<StoredValue> stored(ExecutionAddress address, Result result) {
        if (result == null) {
            return Optional.empty();
        }
        try {
            Optional<StoredValue> value = inline.read(result);
            if (value.isEmpty()) {
                index.forgetResult(address);
                return value;
            }
            return Optional.of(new StoredValue(remember(address, value.get().value())));
        } catch (CorruptValueException e) {
            index.forgetResult(address); // damaged: computed again, never returned
            return Optional.empty();
        }
    }

    /** Whether a result is known, in memory or by the index (without reading it). */
    boolean known(ExecutionAddress address) {
        return hot(address) != null
                || index.state(address).map(state -> state.result() != null).orElse(false);
    }
}
