package dev.samos.pool;

/**
 * Told how far a map has got, after each chunk. Calls for one map never overlap and {@code done} only grows, so a
 * listener needs no locking of its own; it runs on a worker thread, so it should be quick.
 */
@FunctionalInterface
public interface ProgressListener {

    /**
     * @param done  inputs finished so far
     * @param total inputs in all, or -1 while a lazy input has not been read to its end
     */
    void onProgress(long done, long total);
}
