package dev.samos.pipeline;

import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bounded hand-off between two stages. Items move in batches under one lock, so a trivial stage pays a few
 * nanoseconds per item instead of a lock and a park per item; a reader of a stage with several workers takes only
 * its fair share of what is waiting, so slow items still spread over every worker.
 *
 * <p>Every blocking operation gives up with {@link Cancelled} as soon as the run is cancelled, which is what
 * stops a source that never checks for interruption (an infinite iterator) at its next hand-off.
 */
final class Channel {

    /** Stands for a null item: the deque does not take nulls and pyper stages may pass None on. */
    static final Object NULL = new Object();

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private final ArrayDeque<Object> items = new ArrayDeque<>();
    private final int capacity;
    private final RunState state;
    private int producers;

    Channel(int capacity, int producers, RunState state) {
        this.capacity = capacity;
        this.producers = producers;
        this.state = state;
    }

    int capacity() {
        return capacity;
    }

    /** Adds {@code count} items from {@code batch}, waiting for room; the channel never holds more than capacity. */
    void put(Object[] batch, int count) {
        int done = 0;
        lock.lock();
        try {
            while (done < count) {
                state.checkCancelled();
                int room = capacity - items.size();
                if (room <= 0) {
                    await(notFull);
                    continue;
                }
                int end = Math.min(count, done + room);
                for (; done < end; done++) {
                    items.addLast(batch[done]);
                }
                notEmpty.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Moves up to {@code max} items into {@code into}, waiting for one: the count, or -1 at the end of the stream.
     * With {@code readers} > 1 a reader takes at most its share of what is there.
     */
    int take(Object[] into, int max, int readers) {
        lock.lock();
        try {
            while (true) {
                state.checkCancelled();
                int n = drain(into, max, readers);
                if (n != 0) {
                    return n;
                }
                await(notEmpty);
            }
        } finally {
            lock.unlock();
        }
    }

    private int drain(Object[] into, int max, int readers) {
        int size = items.size();
        if (size == 0) {
            return producers == 0 ? -1 : 0;
        }
        int n = Math.min(max, readers <= 1 ? size : (size + readers - 1) / readers);
        for (int i = 0; i < n; i++) {
            into[i] = items.pollFirst();
        }
        notFull.signalAll();
        return n;
    }

    /** One producer has finished; the stream ends once every producer has and the items are taken. */
    void producerDone() {
        lock.lock();
        try {
            producers--;
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Wakes every waiter so it sees the cancellation. */
    void wakeAll() {
        lock.lock();
        try {
            notEmpty.signalAll();
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void await(Condition condition) {
        try {
            condition.await();
        } catch (InterruptedException e) {
            // Only cancellation interrupts pipeline threads; the consumer's own thread keeps its flag.
            if (!state.isCancelled()) {
                Thread.currentThread().interrupt();
            }
            throw new Cancelled();
        }
    }

    /** Thrown through a worker's stack when the run is cancelled; never reaches a caller. */
    static final class Cancelled extends RuntimeException {
        Cancelled() {
            super(null, null, false, false);
        }
    }
}
