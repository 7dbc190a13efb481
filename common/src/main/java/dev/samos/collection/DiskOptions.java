package dev.samos.collection;

/**
 * How much memory a {@link DiskMap} or {@link DiskList} may use, and how soon changes reach the file on their own.
 * Immutable; start from {@link #defaults()}.
 *
 * @param cacheMegabytes   the page cache (recently read pages of the B-tree)
 * @param bufferMegabytes  changes kept in memory before they are written out; when full, writers wait for the write
 * @param commitMillis     changes older than this are written out without a {@code flush()}
 */
public record DiskOptions(int cacheMegabytes, int bufferMegabytes, int commitMillis) {

    public DiskOptions {
        require(cacheMegabytes >= 1, "cacheMegabytes must be at least 1, was " + cacheMegabytes);
        require(bufferMegabytes >= 1, "bufferMegabytes must be at least 1, was " + bufferMegabytes);
        require(commitMillis >= 1, "commitMillis must be at least 1, was " + commitMillis);
    }

    /**
     * 16 MiB of cache, 4 MiB of write buffer, written out at least every second. Under scattered reads MVStore's
     * cache may hold up to about 3× its size in pages that a GC could reclaim (see common/README.md, "Memory").
     */
    public static DiskOptions defaults() {
        return new DiskOptions(16, 4, 1_000);
    }

    public DiskOptions withCacheMegabytes(int megabytes) {
        return new DiskOptions(megabytes, bufferMegabytes, commitMillis);
    }

    public DiskOptions withBufferMegabytes(int megabytes) {
        return new DiskOptions(cacheMegabytes, megabytes, commitMillis);
    }

    public DiskOptions withCommitMillis(int millis) {
        return new DiskOptions(cacheMegabytes, bufferMegabytes, millis);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
