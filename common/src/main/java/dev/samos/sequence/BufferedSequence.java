package dev.samos.sequence;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A lazily computed sequence over a generator, with a background producer that keeps {@code bufferSize} items
 * ahead of the furthest index read (PySpeedup's {@code Buffer}). Every produced item is kept, so the sequence is
 * stable: {@link #get} of an index always gives the same item, and a second iteration replays the first.
 *
 * <pre>{@code
 * try (BufferedSequence<Long> count = BufferedSequence.over(Stream.iterate(0L, i -> i + 1).iterator())
 *         .bufferSize(4).build()) {
 *     count.get(15);        // 15
 *     count.contains(42L);  // true: produces up to 42, then stops (the default halting condition)
 * }
 * }</pre>
 *
 * <p>Unlike PySpeedup: {@link #contains} produces as far as its {@link HaltCondition} needs (PySpeedup only looks at
 * what is already buffered); indexing past the end of a finite generator throws {@link IndexOutOfBoundsException}
 * (PySpeedup waits forever); a failing generator is reported to readers as a {@link GeneratorFailedException};
 * {@link #close()} stops the producer thread; and with {@link Builder#spillTo} at most a set number of items stay
 * in memory, older ones going to an {@link ItemStore} such as a disk-backed list.
 *
 * <p>Thread-safe: any number of threads may read while the producer runs. The producer is one daemon platform
 * thread named {@code samos-sequence-N}; it is the only caller of the generator, so the generator need not be
 * thread-safe.
 */
public final class BufferedSequence<T> implements Iterable<T>, AutoCloseable {

    /** PySpeedup's default look-ahead. */
    public static final int DEFAULT_BUFFER_SIZE = 16;

    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final long CLOSE_WAIT_MILLIS = 5_000;
    private static final int SPINS = 100;

    private final Iterator<? extends T> generator;
    private final int bufferSize;
    private final HaltCondition<T> haltCondition;
    private final ItemStore<T> store;
    /** The newest items when memory is bounded (item i in slot i % window length); null when it is not. */
    private final AtomicReferenceArray<T> window;
    private final Thread producer;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition itemsArrived = lock.newCondition();
    private final Condition demandRose = lock.newCondition();

    private volatile long produced;
    /** Items below this index have left the window and live only in the store. */
    private volatile long evicted;
    /** One past the furthest index asked for: the producer works until it is {@code bufferSize} ahead of it. */
    private final AtomicLong demand = new AtomicLong();
    private volatile boolean done;
    private volatile boolean exhausted;
    private volatile boolean closed;
    private volatile Throwable failure;
    // Waiting flags let the producer and the readers skip the lock on the hot path: each side writes its own
    // volatile, then reads the other's, so at least one of them sees the other and the wake-up is never lost.
    private volatile int waitingReaders;
    private volatile boolean producerWaiting;

    private BufferedSequence(Builder<T> builder) {
        this.generator = builder.generator;
        this.bufferSize = builder.bufferSize;
        this.haltCondition = builder.haltCondition;
        this.store = builder.store != null ? builder.store : new InMemoryItemStore<>();
        this.window = builder.store != null ? new AtomicReferenceArray<>(builder.keepInMemory) : null;
        this.producer = Thread.ofPlatform().daemon().name("samos-sequence-" + THREADS.incrementAndGet())
                .unstarted(this::produce);
    }

    /** A sequence over {@code generator} (finite or infinite), with the default settings. */
    public static <T> BufferedSequence<T> of(Iterator<? extends T> generator) {
        return BufferedSequence.<T>over(generator).build();
    }

    /** Settings for a sequence over {@code generator}, finite or infinite; nothing runs before {@code build()}. */
    public static <T> Builder<T> over(Iterator<? extends T> generator) {
        return new Builder<>(Objects.requireNonNull(generator, "generator"));
    }

    /** Settings for an infinite sequence of {@code generator}'s successive results. */
    public static <T> Builder<T> generate(Supplier<? extends T> generator) {
        Objects.requireNonNull(generator, "generator");
        return over(Stream.<T>generate(generator).iterator());
    }

    /**
     * The item at {@code index}, waiting for the producer if it is not there yet.
     *
     * @throws IndexOutOfBoundsException if {@code index} is negative or the generator ended before it
     * @throws GeneratorFailedException if the generator threw before producing it
     * @throws IllegalStateException if the sequence was closed before producing it
     */
    public T get(long index) {
        if (index < 0) {
            throw new IndexOutOfBoundsException("negative index " + index);
        }
        if (!available(index)) {
            throw new IndexOutOfBoundsException("index " + index + " of a sequence that ended after "
                    + produced + " items");
        }
        return read(index);
    }

    /**
     * Whether {@code item} is in the sequence (by {@code equals}), searching from the start and producing as far as
     * needed; after each other item the halting condition decides whether to give up. Linear in the items looked at.
     */
    public boolean contains(T item) {
        long attempts = 0;
        for (long i = 0; available(i); i++) {
            T candidate = read(i);
            if (Objects.equals(candidate, item)) {
                return true;
            }
            if (haltCondition.halt(new Seen(i + 1), item, ++attempts)) {
                return false;
            }
        }
        return false;
    }

    /** Iterates from the first item; waits for the producer as needed, and ends where a finite generator ends. */
    @Override
    public Iterator<T> iterator() {
        return new Iterator<>() {
            private long next;

            @Override
            public boolean hasNext() {
                return available(next);
            }

            @Override
            public T next() {
                if (!available(next)) {
                    throw new NoSuchElementException("the sequence ended after " + next + " items");
                }
                return read(next++);
            }
        };
    }

    /** The items as an ordered, sequential stream (infinite if the generator is). */
    public Stream<T> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED), false);
    }

    /** How many items the producer has made so far. */
    public long produced() {
        return produced;
    }

    /** Whether the producer has stopped: the generator ended or failed, or the sequence was closed. */
    public boolean isDone() {
        return done;
    }

    public int bufferSize() {
        return bufferSize;
    }

    /**
     * Stops the producer (interrupting it, in case the generator blocks) and waits up to 5 s for its thread to end.
     * Items already produced stay readable; asking for others throws {@link IllegalStateException}.
     */
    @Override
    public void close() {
        closed = true;
        lock.lock();
        try {
            demandRose.signalAll();
        } finally {
            lock.unlock();
        }
        if (Thread.currentThread() != producer) {
            producer.interrupt();
            try {
                producer.join(CLOSE_WAIT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void start() {
        producer.start();
    }

    private void produce() {
        try {
            while (awaitDemand()) {
                if (!generator.hasNext()) {
                    exhausted = true;
                    break;
                }
                append(generator.next());
            }
        } catch (InterruptedException e) {
            // closed while waiting for demand
        } catch (Throwable e) {
            if (!closed) {
                failure = e;
            }
        } finally {
            done = true;
            lock.lock();
            try {
                itemsArrived.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** Waits until the buffer is short of its look-ahead again; false once closed. */
    private boolean awaitDemand() throws InterruptedException {
        if (produced - demand.get() < bufferSize) {
            return !closed;
        }
        lock.lock();
        try {
            producerWaiting = true;
            // Refill only once half the look-ahead is used: one wake-up per bufferSize/2 items instead of per item.
            while (!closed && produced - demand.get() > bufferSize / 2) {
                demandRose.await();
            }
        } finally {
            producerWaiting = false;
            lock.unlock();
        }
        return !closed;
    }

    private void append(T item) {
        long index = produced;
        if (window == null) {
            store.append(item);
        } else {
            int length = window.length();
            int slot = (int) (index % length);
            if (index >= length) {
                // The store gets the old item before the window forgets it, and `evicted` moves before the slot is
                // overwritten: a reader that sees the new occupant then sees `evicted` past its index (see read).
                store.append(window.get(slot));
                evicted = index - length + 1;
            }
            window.set(slot, item);
        }
        produced = index + 1;
        if (waitingReaders > 0) {
            lock.lock();
            try {
                itemsArrived.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** Whether item {@code index} exists, waiting for it; raises the demand so the producer stays ahead. */
    private boolean available(long index) {
        long wanted = index + 1;
        long current = demand.get();
        if (current < wanted) {
            demand.accumulateAndGet(wanted, Math::max);
            if (producerWaiting && produced - wanted <= bufferSize / 2) {
                lock.lock();
                try {
                    demandRose.signal();
                } finally {
                    lock.unlock();
                }
            }
        }
        if (index < produced) {
            return true;
        }
        // A reader that caught up with a running producer usually needs only its next item, a fraction of a
        // microsecond away: spinning a few microseconds saves a park and an unpark per item (SequenceBench). The
        // producer does not spin: on a busy machine its spinning took the CPU from the reader (4x slower).
        for (int spin = 0; spin < SPINS && index >= produced && !done; spin++) {
            Thread.onSpinWait();
        }
        if (index < produced) {
            return true;
        }
        lock.lock();
        try {
            waitingReaders++;
            while (index >= produced && !done) {
                itemsArrived.await();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for item " + index, e);
        } finally {
            waitingReaders--;
            lock.unlock();
        }
        if (index < produced) {
            return true;
        }
        if (failure != null) {
            throw new GeneratorFailedException(produced, failure);
        }
        if (closed && !exhausted) {
            throw new IllegalStateException("the sequence was closed after " + produced + " items; item " + index
                    + " was not produced");
        }
        return false;
    }

    /** An item known to be produced. */
    private T read(long index) {
        if (window == null) {
            return store.get(index);
        }
        if (index >= evicted) {
            T item = window.get((int) (index % window.length()));
            if (index >= evicted) {
                return item;
            }
        }
        return store.get(index);
    }

    /** The items a contains search has compared so far. */
    private final class Seen implements SequenceView<T> {
        private final long size;

        Seen(long size) {
            this.size = size;
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public T get(long index) {
            if (index < 0 || index >= size) {
                throw new IndexOutOfBoundsException("index " + index + " of " + size + " items seen");
            }
            return read(index);
        }
    }

    /** Settings of a {@link BufferedSequence}. */
    public static final class Builder<T> {
        private final Iterator<? extends T> generator;
        private int bufferSize = DEFAULT_BUFFER_SIZE;
        private HaltCondition<T> haltCondition = HaltCondition.nonDecreasing();
        private ItemStore<T> store;
        private int keepInMemory;

        private Builder(Iterator<? extends T> generator) {
            this.generator = generator;
        }

        /** How many items the producer keeps ready beyond the furthest index read (default 16, at least 1). */
        public Builder<T> bufferSize(int items) {
            if (items < 1) {
                throw new IllegalArgumentException("bufferSize must be at least 1, not " + items);
            }
            this.bufferSize = items;
            return this;
        }

        /** When {@code contains} gives up (default: {@link HaltCondition#nonDecreasing()}). */
        public Builder<T> haltCondition(HaltCondition<T> condition) {
            this.haltCondition = Objects.requireNonNull(condition, "condition");
            return this;
        }

        /** The sequence never decreases in {@code order}: {@code contains} stops at the first item ≥ the one searched for. */
        public Builder<T> nonDecreasingIn(java.util.Comparator<? super T> order) {
            return haltCondition(HaltCondition.nonDecreasing(order));
        }

        /**
         * Keeps only the newest {@code keepInMemory} items on the heap; older ones are appended to {@code store} and
         * read back from it (a disk-backed list keeps memory bounded however long the sequence grows). The store
         * must be empty; the sequence does not close it.
         */
        public Builder<T> spillTo(ItemStore<T> store, int keepInMemory) {
            Objects.requireNonNull(store, "store");
            if (store.size() != 0) {
                throw new IllegalArgumentException("the spill store must be empty; it holds " + store.size()
                        + " items");
            }
            if (keepInMemory < 1) {
                throw new IllegalArgumentException("keepInMemory must be at least 1, not " + keepInMemory);
            }
            this.store = store;
            this.keepInMemory = keepInMemory;
            return this;
        }

        /** Builds the sequence and starts its producer. */
        public BufferedSequence<T> build() {
            BufferedSequence<T> sequence = new BufferedSequence<>(this);
            sequence.start();
            return sequence;
        }
    }
}
