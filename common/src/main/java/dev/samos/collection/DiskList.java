package dev.samos.collection;

import dev.samos.codec.StorageCodec;
import java.nio.file.Path;
import java.util.AbstractList;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStoreException;
import org.h2.mvstore.type.LongDataType;

/**
 * A {@link List} of Samos values kept in a folder, with bounded memory however long it grows (see
 * {@link DiskOptions}). Element i is stored under key i, as a {@link Slots slot} (small immutable values in a
 * compact form, kept decoded in the page cache; everything else with the {@link StorageCodec}): {@code get}, {@code set} and
 * {@code add} at the end are a B-tree lookup (O(log n), a few page reads at most, usually cached); {@code add(i, e)}
 * and {@code remove(i)} before the end move every later element, O(n − i), so use them near the end. {@code get}
 * returns a fresh copy of the stored value.
 *
 * <p>Thread-safe (reads share a lock, changes take it alone). Iteration is fail-fast like {@link java.util.ArrayList}.
 * No null elements. Every change is atomic on disk, moves included: the list commits only between changes. Durable as
 * {@link DiskMap}: written to the file at most {@code commitMillis} after a change or when the write buffer fills
 * (then it survives a crash of the process), and at once with an fsync by {@link #flush()}. One process at a time:
 * a second opener gets a {@link DiskCollectionLockedException}.
 */
public final class DiskList<E> extends AbstractList<E> implements RandomAccess, AutoCloseable {

    /** One daemon thread commits every open list on time; it ends 10 s after the last list closes. */
    private static final ScheduledThreadPoolExecutor COMMITTER = committer();

    private final DiskStore disk;
    private final DiskOptions options;
    private final MVMap<Long, Object> items;
    private final StorageCodec codec = new StorageCodec();
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final ScheduledFuture<?> timer;
    private boolean dirty;

    private DiskList(DiskStore disk, DiskOptions options) {
        this.disk = disk;
        this.options = options;
        this.items = disk.openMap("items", new MVMap.Builder<Long, Object>()
                .keyType(LongDataType.INSTANCE).valueType(SlotPages.SINGLE));
        this.timer = COMMITTER.scheduleWithFixedDelay(this::commitIfDirty, options.commitMillis(),
                options.commitMillis(), TimeUnit.MILLISECONDS);
    }

    /** Opens the list in {@code folder} (created if missing), with the default limits. */
    public static <E> DiskList<E> open(Path folder) {
        return open(folder, DiskOptions.defaults());
    }

    /**
     * @throws DiskCollectionLockedException if the folder is open already, here or in another process
     * @throws DiskCollectionException       if the folder holds something other than a DiskList
     */
    public static <E> DiskList<E> open(Path folder, DiskOptions options) {
        Objects.requireNonNull(options, "options");
        return new DiskList<>(DiskStore.open(Objects.requireNonNull(folder, "folder"), "DiskList", options, true),
                options);
    }

    @Override
    public E get(int index) {
        Lock read = lock.readLock();
        read.lock();
        try {
            return decode(items.get((long) Objects.checkIndex(index, size())));
        } catch (MVStoreException e) {
            throw disk.failure(e);
        } finally {
            read.unlock();
        }
    }

    @Override
    public int size() {
        return (int) Math.min(Integer.MAX_VALUE, items.sizeAsLong());
    }

    public long sizeAsLong() {
        return items.sizeAsLong();
    }

    /** Appends; O(log n). */
    @Override
    public boolean add(E element) {
        Object slot = encode(element);
        Lock write = lock.writeLock();
        write.lock();
        try {
            items.put(items.sizeAsLong(), slot);
            changed(true);
            return true;
        } catch (MVStoreException e) {
            throw disk.failure(e);
        } finally {
            write.unlock();
        }
    }

    @Override
    public E set(int index, E element) {
        Object slot = encode(element);
        Lock write = lock.writeLock();
        write.lock();
        try {
            Object old = items.put((long) Objects.checkIndex(index, size()), slot);
            changed(false);
            return decode(old);
        } catch (MVStoreException e) {
            throw disk.failure(e);
        } finally {
            write.unlock();
        }
    }

    /** Inserts, moving every later element up by one: O(n − index). */
    @Override
    public void add(int index, E element) {
        Object slot = encode(element);
        Lock write = lock.writeLock();
        write.lock();
        try {
            long size = items.sizeAsLong();
            Objects.checkIndex(index, size + 1);
            for (long i = size; i > index; i--) {
                items.put(i, items.get(i - 1));
            }
            items.put((long) index, slot);
            changed(true);
        } catch (MVStoreException e) {
            throw disk.failure(e);
        } finally {
            write.unlock();
        }
    }

    /** Removes, moving every later element down by one: O(n − index). */
    @Override
    public E remove(int index) {
        Lock write = lock.writeLock();
        write.lock();
        try {
            long size = items.sizeAsLong();
            Object removed = items.get((long) Objects.checkIndex(index, size()));
            for (long i = index; i < size - 1; i++) {
                items.put(i, items.get(i + 1));
            }
            items.remove(size - 1);
            changed(true);
            return decode(removed);
        } catch (MVStoreException e) {
            throw disk.failure(e);
        } finally {
            write.unlock();
        }
    }

    @Override
    public void clear() {
        Lock write = lock.writeLock();
        write.lock();
        try {
            items.clear();
            changed(true);
        } finally {
            write.unlock();
        }
    }

    /** Writes every change so far and fsyncs it: after this returns, it survives a crash of the process or machine. */
    public void flush() {
        Lock write = lock.writeLock();
        write.lock();
        try {
            disk.flush();
            dirty = false;
        } finally {
            write.unlock();
        }
    }

    public Path folder() {
        return disk.folder();
    }

    /** Writes what is pending and releases the folder for the next opener. */
    @Override
    public void close() {
        timer.cancel(false);
        Lock write = lock.writeLock();
        write.lock();
        try {
            disk.close();
        } finally {
            write.unlock();
        }
    }

    /** Called with the write lock held, after a whole change: a commit here never splits one. */
    private void changed(boolean structural) {
        if (structural) {
            modCount++;
        }
        dirty = true;
        if (disk.bufferFull(options)) {
            disk.commit();
            dirty = false;
        }
    }

    private void commitIfDirty() {
        Lock write = lock.writeLock();
        write.lock();
        try {
            if (dirty && !disk.store.isClosed()) {
                disk.commit();
                dirty = false;
            }
        } finally {
            write.unlock();
        }
    }

    private Object encode(E element) {
        return Slots.of(Objects.requireNonNull(element, "element"), codec);
    }

    @SuppressWarnings("unchecked")
    private E decode(Object slot) {
        return (E) Slots.value(slot, codec);
    }

    private static ScheduledThreadPoolExecutor committer() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "samos-disklist-commit");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setKeepAliveTime(10, TimeUnit.SECONDS);
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }
}
