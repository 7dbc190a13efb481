package dev.samos.pool;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;

/**
 * One lazy map ({@code imap} ordered, {@code uimap} unordered), driven by the consumer: each pull hands out
 * chunks until a few per worker are in flight, reading the source only that far ahead. The source is read on the
 * consumer's thread only, so it need not be thread-safe.
 *
 * <p>The size of a lazy input is unknown, so chunks adapt: they start at one input (the first result comes
 * quickly) and double until a chunk takes about {@link #TARGET_NANOS}, measured on finished chunks.
 */
final class LazyRun<A, R> implements Iterator<R> {

    /** Long enough that a hand-off (a few µs) is small beside the work, short enough to balance the workers. */
    static final long TARGET_NANOS = 200_000;
    static final int MAX_CHUNK = 4096;

    private final ExecutorPool pool;
    private final Function<? super A, ? extends R> f;
    private final Iterator<? extends A> source;
    private final boolean ordered;
    private final int fixedChunk;
    private final ProgressListener listener;
    private final int maxInFlight;
    /** Ordered: chunks in the order handed out. */
    private final ArrayDeque<LazyChunk> queue = new ArrayDeque<>();
    /** Unordered: chunks as they finish. */
    private final LinkedBlockingQueue<LazyChunk> finished = new LinkedBlockingQueue<>();
    private final Set<LazyChunk> inFlight = new HashSet<>();
    /**
     * Inputs from this index on are not computed: the lowest failing index (so the results before a failure are
     * still delivered, in order, for {@code imap}), or -1 once closed.
     */
    private volatile long stopAt = Long.MAX_VALUE;
    /** The failure at {@code stopAt}; written before it. */
    private volatile Throwable firstFailure;
    private volatile long total = -1;
    private boolean sourceDone;
    private boolean closed;
    private long nextIndex;
    private int chunkSize = 1;
    private LazyChunk current;
    private int position;
    private long done;

    LazyRun(ExecutorPool pool, MapOptions options, Function<? super A, ? extends R> f,
            Iterator<? extends A> source, boolean ordered) {
        this.pool = pool;
        this.f = f;
        this.source = source;
        this.ordered = ordered;
        this.fixedChunk = options.chunk();
        this.listener = options.listener();
        this.maxInFlight = pool.workers() * 2 + 2;
    }

    @Override
    public boolean hasNext() {
        while (true) {
            if (closed) {
                return false;
            }
            if (current != null) {
                if (position < current.valid) {
                    return true;
                }
                if (current.failure != null) {
                    Throwable failure = current.failure;
                    close();
                    throw failure instanceof RuntimeException e ? e : new IllegalStateException(failure);
                }
                current = null;
            }
            fill();
            LazyChunk next = take();
            if (next == null) {
                close();
                return false;
            }
            inFlight.remove(next);
            adapt(next);
            current = next;
            position = 0;
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public R next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return (R) current.results[position++];
    }

    private void fill() {
        try {
            while (!sourceDone && stopAt == Long.MAX_VALUE && inFlight.size() < maxInFlight) {
                int size = fixedChunk > 0 ? fixedChunk : chunkSize;
                Object[] args = new Object[size];
                int count = 0;
                while (count < size && source.hasNext()) {
                    args[count++] = source.next();
                }
                if (count < size) {
                    sourceDone = true;
                    total = nextIndex + count;
                }
                if (count == 0) {
                    break;
                }
                var chunk = new LazyChunk(nextIndex, args, count);
                nextIndex += count;
                inFlight.add(chunk);
                if (ordered) {
                    queue.add(chunk);
                }
                pool.submit(chunk);
            }
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    private LazyChunk take() {
        try {
            if (ordered) {
                LazyChunk head = queue.poll();
                if (head != null) {
                    head.done.await();
                }
                return head;
            }
            return inFlight.isEmpty() ? null : finished.take();
        } catch (InterruptedException e) {
            close();
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting for pool " + pool.name());
        }
    }

    private void adapt(LazyChunk chunk) {
        if (fixedChunk > 0 || chunk.valid == 0) {
            return;
        }
        long perItem = Math.max(1, chunk.nanos / chunk.valid);
        long fits = Math.max(1, TARGET_NANOS / perItem);
        chunkSize = (int) Math.min(MAX_CHUNK, Math.min(fits, (long) chunkSize * 2));
    }

    /** Stops handing out work and waits for the chunks still running, so nothing outlives the stream. */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopAt = -1;
        boolean interrupted = false;
        for (LazyChunk chunk : inFlight) {
            while (true) {
                try {
                    chunk.done.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        inFlight.clear();
        queue.clear();
        finished.clear();
        current = null;
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void failedAt(long index, Throwable failure) {
        if (index < stopAt) {
            firstFailure = failure;
            stopAt = index;
        }
    }

    private void progress(int count) {
        if (listener != null && count > 0) {
            synchronized (this) {
                done += count;
                listener.onProgress(done, total);
            }
        }
    }

    private final class LazyChunk implements Job {

        final long first;
        final Object[] args;
        final Object[] results;
        final int count;
        final CountDownLatch done = new CountDownLatch(1);
        /** Results [0, valid) are set; written before {@code done} is counted down, read after. */
        int valid;
        Throwable failure;
        long nanos;

        LazyChunk(long first, Object[] args, int count) {
            this.first = first;
            this.args = args;
            this.results = new Object[count];
            this.count = count;
        }

        @Override
        @SuppressWarnings("unchecked")
        public void run() {
            long start = System.nanoTime();
            if (f instanceof ChunkFunction<? super A, ? extends R> batch) {
                runBatch(batch, start);
                return;
            }
            int i = 0;
            try {
                Thread self = Thread.currentThread();
                for (; i < count; i++) {
                    if (first + i >= stopAt) {
                        // Stopped by an earlier failure: this chunk's results must not look complete.
                        Throwable earlier = firstFailure;
                        failure = earlier != null ? earlier : new CancellationException("map closed");
                        break;
                    }
                    if (self.isInterrupted()) {
                        failure = new CancellationException("pool " + pool.name() + ": call interrupted");
                        break;
                    }
                    results[i] = f.apply((A) args[i]);
                    args[i] = null;
                }
            } catch (Throwable t) {
                failure = new PoolTaskException(pool.name(), first + i, t);
                failedAt(first + i, failure);
            }
            valid = i;
            nanos = System.nanoTime() - start;
            try {
                progress(i);
            } finally {
                finish();
            }
        }

        /** The whole chunk in one go (shipped to a child process); stopped only before it starts. */
        @SuppressWarnings({"unchecked", "rawtypes"})
        private void runBatch(ChunkFunction batch, long start) {
            int i = 0;
            if (first >= stopAt) {
                Throwable earlier = firstFailure;
                failure = earlier != null ? earlier : new CancellationException("map closed");
            } else {
                try {
                    batch.applyChunk(java.util.Arrays.asList(args).subList(0, count), results, 0);
                    i = count;
                } catch (ChunkFunction.Failure e) {
                    i = e.offset();
                    failure = new PoolTaskException(pool.name(), first + i, e.getCause());
                    failedAt(first + i, failure);
                } catch (CancellationException e) {
                    failure = e;
                } catch (Throwable t) {
                    failure = new PoolTaskException(pool.name(), first, t);
                    failedAt(first, failure);
                }
            }
            java.util.Arrays.fill(args, null);
            valid = i;
            nanos = System.nanoTime() - start;
            try {
                progress(i);
            } finally {
                finish();
            }
        }

        @Override
        public void abandon(Throwable why) {
            failure = why;
            finish();
        }

        private void finish() {
            if (!ordered) {
                finished.add(this);
            }
            done.countDown();
        }
    }
}
