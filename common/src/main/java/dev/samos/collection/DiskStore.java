package dev.samos.collection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;

/**
 * One H2 MVStore file in a folder, opened by one {@link DiskMap} or {@link DiskList}. MVStore is append-only: a
 * commit writes a new chunk and then a new header pointing to it, and opening picks the newest chunk whose checksum
 * holds, so a process killed at any moment leaves the last committed version readable.
 */
final class DiskStore implements AutoCloseable {

    static final String FILE_NAME = "collection.mv.db";
    /**
     * The on-disk form of entries. 1: key bytes to a storage-codec value per entry; 2: checksummed pages of
     * {@link Slots} (compact small values); 3: as 2, records and enums in the storage codec self-described (by
     * type and component names). A store of another layout is refused, never misread.
     */
    private static final String LAYOUT = "3";
    /** Folders open in this JVM: MVStore's file lock only guards against other processes. */
    private static final Set<Path> OPEN = ConcurrentHashMap.newKeySet();

    final MVStore store;
    private final Path folder;
    private final AtomicReference<Throwable> backgroundFailure;

    private DiskStore(MVStore store, Path folder, AtomicReference<Throwable> backgroundFailure) {
        this.store = store;
        this.folder = folder;
        this.backgroundFailure = backgroundFailure;
    }

    /**
     * @param ownCommits true: nothing is written until {@link #commit()}, so a caller can make several changes
     *                   atomic (the caller must then commit often enough to bound memory); false: MVStore commits in
     *                   the background every {@code commitMillis} and whenever the write buffer is full
     */
    static DiskStore open(Path folder, String kind, DiskOptions options, boolean ownCommits) {
        Path real;
        try {
            Files.createDirectories(folder);
            real = folder.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the folder " + folder, e);
        }
        if (!OPEN.add(real)) {
            throw new DiskCollectionLockedException(real + " is already open in this JVM; close it first, or share "
                    + "the open instance (it is thread-safe)", null);
        }
        try {
            AtomicReference<Throwable> failure = new AtomicReference<>();
            DiskStore disk = new DiskStore(openStore(real, options, ownCommits, failure), real, failure);
            disk.checkKind(kind);
            return disk;
        } catch (RuntimeException | Error e) {
            OPEN.remove(real);
            throw e;
        }
    }

    private static MVStore openStore(Path folder, DiskOptions options, boolean ownCommits,
            AtomicReference<Throwable> failure) {
        Path file = folder.resolve(FILE_NAME);
        MVStore.Builder builder = new MVStore.Builder()
                .fileName(file.toString())
                // A failed background write is reported by the next flush(), not lost in a log.
                .backgroundExceptionHandler((thread, e) -> failure.compareAndSet(null, e))
                .cacheSize(options.cacheMegabytes());
        if (ownCommits) {
            builder.autoCommitDisabled();
        } else {
            builder.autoCommitBufferSize(options.bufferMegabytes() * 1024);
        }
        MVStore store;
        try {
            store = builder.open();
        } catch (MVStoreException e) {
            if (e.getErrorCode() == DataUtils.ERROR_FILE_LOCKED) {
                throw new DiskCollectionLockedException(folder + " is open in another process (its file "
                        + FILE_NAME + " is locked); only one process may open it at a time", e);
            }
            throw new DiskCollectionException("cannot open " + file + ": " + e.getMessage(), e);
        }
        if (!ownCommits) {
            store.setAutoCommitDelay(options.commitMillis());
        }
        return store;
    }

    private void checkKind(String kind) {
        MVMap<String, String> meta = store.openMap("samos");
        String found = meta.get("kind");
        if (found == null && store.getMapNames().size() == 1) {
            meta.put("kind", kind);
            meta.put("layout", LAYOUT);
            store.commit();
        } else if (!kind.equals(found) || !LAYOUT.equals(meta.get("layout"))) {
            store.closeImmediately();
            throw new DiskCollectionException(folder + " holds " + (found == null ? "a store Samos did not write"
                    : "a " + found + " of layout " + meta.get("layout")) + ", not a " + kind + " of layout "
                    + LAYOUT + "; refusing to misread it");
        }
    }

    /** Opens the collection's B-tree; if its root page cannot be read, the folder is released and the failure thrown. */
    <K, V> MVMap<K, V> openMap(String name, MVMap.Builder<K, V> builder) {
        try {
            return store.openMap(name, builder);
        } catch (MVStoreException e) {
            DiskCollectionException failure = failure(e);
            try {
                store.closeImmediately();
            } finally {
                OPEN.remove(folder);
            }
            throw failure;
        }
    }

    /**
     * The exception to throw for a failure of MVStore: a damaged page (a checksum or a slot that does not hold) is
     * reported as corruption, with the page's {@link dev.samos.codec.CorruptValueException} as the cause.
     */
    DiskCollectionException failure(MVStoreException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof dev.samos.codec.CorruptValueException corrupt) {
                return new DiskCollectionException(folder + " is corrupt: " + corrupt.getMessage(), e);
            }
        }
        return new DiskCollectionException("the store in " + folder + " failed: " + e.getMessage(), e);
    }

    /** Writes every change made so far and forces it to the disk: it survives a crash of the process or machine. */
    void flush() {
        checkBackground();
        store.commit();
        store.sync();
    }

    /** Writes the changes made so far (they survive the process, not the machine: no fsync). */
    void commit() {
        store.commit();
    }

    boolean bufferFull(DiskOptions options) {
        return store.getUnsavedMemory() >= options.bufferMegabytes() * 1024 * 1024;
    }

    Path folder() {
        return folder;
    }

    private void checkBackground() {
        Throwable failure = backgroundFailure.get();
        if (failure != null) {
            throw new DiskCollectionException("writing " + folder + " in the background failed", failure);
        }
    }

    @Override
    public void close() {
        try {
            if (!store.isClosed()) {
                store.close();
            }
        } finally {
            OPEN.remove(folder);
        }
    }
}
