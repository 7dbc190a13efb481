package dev.samos.portal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.samos.codec.CorruptValueException;
import dev.samos.execution.ExecutionAddress;
import dev.samos.index.ExecutionIndex;
import dev.samos.index.ExecutionIndex.Result;
import dev.samos.store.StoredValue;
import java.util.Optional;

/**
 * Where a portal finds results: its in-memory cache of hot results first, then the index and the store. A stored
 * result that turns out damaged or missing is forgotten by the index (so it is computed again), never returned.
 */
final class Results {

    private final Cache<ExecutionAddress, StoredValue> hot;
    private final ExecutionIndex index;
    private final InlineValues inline;

    Results(ExecutionIndex index, InlineValues inline, long hotResults) {
        this.index = index;
        this.inline = inline;
        this.hot = Caffeine.newBuilder().maximumSize(hotResults).build();
    }

    /** The result in memory, if it is there. */
    StoredValue hot(ExecutionAddress address) {
        return hot.getIfPresent(address);
    }

    /** Keeps a result in memory and gives it back. */
    Object remember(ExecutionAddress address, Object result) {
        hot.put(address, new StoredValue(result));
        return result;
    }

    /** The stored result of an execution, from memory or the index and store. */
    Optional<StoredValue> stored(ExecutionAddress address) {
        StoredValue cached = hot(address);
        if (cached != null) {
            return Optional.of(cached);
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
            } else {
                remember(address, value.get().value());
            }
            return value;
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
