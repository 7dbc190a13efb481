package dev.samos.pool;

import java.util.Objects;

/**
 * How a map hands out its work: {@code pool.with(MapOptions.chunkSize(100).onProgress(listener)).map(...)}.
 * Immutable; each setter returns a new value.
 */
public final class MapOptions {

    static final MapOptions DEFAULTS = new MapOptions(0, null);

    private final int chunkSize;
    private final ProgressListener progress;

    private MapOptions(int chunkSize, ProgressListener progress) {
        this.chunkSize = chunkSize;
        this.progress = progress;
    }

    public static MapOptions defaults() {
        return DEFAULTS;
    }

    /** Inputs per hand-off to a worker; 1 gives every input its own task (for few, long calls). */
    public static MapOptions chunkSize(int size) {
        return DEFAULTS.withChunkSize(size);
    }

    public static MapOptions progress(ProgressListener listener) {
        return DEFAULTS.onProgress(listener);
    }

    public MapOptions withChunkSize(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("chunk size must be at least 1, was " + size);
        }
        return new MapOptions(size, progress);
    }

    public MapOptions onProgress(ProgressListener listener) {
        return new MapOptions(chunkSize, Objects.requireNonNull(listener, "listener"));
    }

    /** 0 when the pool chooses. */
    int chunk() {
        return chunkSize;
    }

    ProgressListener listener() {
        return progress;
    }
}
