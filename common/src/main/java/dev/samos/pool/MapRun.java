package dev.samos.pool;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * One eager map: the inputs are known, cut into chunks (about four per worker, so a slow chunk is balanced by
 * the others without a hand-off per input), and each chunk writes its results into its own slots. A failure
 * (or a cancelled future) sets {@code stop}; the chunks check it before each call.
 */
final class MapRun<A, R> {

    private final ExecutorPool pool;
    private final Function<? super A, ? extends R> f;
    private final List<? extends A> inputs;
    private final Object[] results;
    private final int chunk;
    private final int chunks;
    private final AtomicInteger nextChunk = new AtomicInteger();
    private final ProgressListener listener;
    private final CompletableFuture<List<R>> future = new CompletableFuture<>();
    private final AtomicInteger outstanding = new AtomicInteger();
    private volatile Throwable failure;
    private volatile boolean stop;
    private long done;

    MapRun(ExecutorPool pool, MapOptions options, Function<? super A, ? extends R> f, List<? extends A> inputs) {
        this.pool = pool;
        this.f = f;
        this.inputs = inputs;
        this.results = new Object[inputs.size()];
        this.chunk = options.chunk() > 0 ? options.chunk() : Math.max(1, inputs.size() / (pool.workers() * 4));
        this.listener = options.listener();
        this.chunks = (int) ((inputs.size() + (long) chunk - 1) / chunk);
    }

    /**
     * Hands out the work: one claimer job per worker (at most one per chunk), each taking the next chunk until
     * none is left, so a worker that gets ahead simply takes more chunks.
     *
     * @param callerHelps the blocking {@code map}'s caller claims chunks too instead of sleeping, as a parallel
     *                    stream's caller does: no wake-up to wait for when the map is short or the machine busy
     */
    CompletableFuture<List<R>> start(boolean callerHelps) {
        int n = results.length;
        if (n == 0) {
            future.complete(List.of());
            return future;
        }
        future.whenComplete((list, error) -> {
            if (future.isCancelled()) {
                stop = true;
            }
        });
        int claimers = (int) Math.min(chunks, pool.workers());
        // One extra count held while submitting, so the run cannot complete before every claimer is handed out.
        outstanding.set(claimers + 1);
        int submitted = 0;
        try {
            for (; submitted < claimers; submitted++) {
                pool.submit(new Claimer());
            }
        } catch (IllegalStateException closed) {
            fail(closed);
            outstanding.addAndGet(-(claimers - submitted));
            settle();
            throw closed;
        }
        if (callerHelps) {
            try {
                claimChunks();
            } catch (Throwable t) {
                fail(t);
            }
        }
        settle();
        return future;
    }

    private void claimChunks() {
        int c;
        while (!stop && (c = nextChunk.getAndIncrement()) < chunks) {
            int from = (int) ((long) c * chunk);
            runChunk(from, (int) Math.min(results.length, (long) from + chunk));
        }
    }

    private void runChunk(int from, int to) {
        if (f instanceof ChunkFunction<? super A, ? extends R> batch) {
            runBatch(batch, from, to);
            return;
        }
        int i = from;
        try {
            Thread self = Thread.currentThread();
            for (; i < to && !stop; i++) {
                if (self.isInterrupted()) {
                    fail(new CancellationException("pool " + pool.name() + ": call interrupted"));
                    break;
                }
                results[i] = f.apply(inputs.get(i));
            }
        } catch (Throwable t) {
            fail(new PoolTaskException(pool.name(), i, t));
        }
        progress(i - from);
    }

    /** A chunk applied in one go (shipped to a child process): it stops between chunks, not between inputs. */
    private void runBatch(ChunkFunction<? super A, ? extends R> batch, int from, int to) {
        try {
            batch.applyChunk(inputs.subList(from, to), results, from);
            progress(to - from);
        } catch (ChunkFunction.Failure e) {
            fail(new PoolTaskException(pool.name(), from + e.offset(), e.getCause()));
            progress(e.offset());
        } catch (java.util.concurrent.CancellationException e) {
            fail(e);
        } catch (Throwable t) {
            fail(new PoolTaskException(pool.name(), from, t));
        }
    }

    private void fail(Throwable t) {
        synchronized (this) {
            // Of two failing calls, report the earlier input, as a sequential loop would have.
            if (failure == null || t instanceof PoolTaskException later && failure instanceof PoolTaskException first
                    && later.index() < first.index()) {
                failure = t;
            }
        }
        stop = true;
    }

    private void settle() {
        if (outstanding.decrementAndGet() == 0) {
            if (failure != null) {
                future.completeExceptionally(failure);
            } else {
                @SuppressWarnings("unchecked")
                List<R> list = (List<R>) Collections.unmodifiableList(Arrays.asList(results));
                future.complete(list);
            }
        }
    }

    private void progress(int count) {
        if (listener != null && count > 0) {
            synchronized (this) {
                done += count;
                listener.onProgress(done, results.length);
            }
        }
    }

    private final class Claimer implements Job {

        @Override
        public void run() {
            try {
                claimChunks();
            } catch (Throwable t) {
                // Only a progress listener can throw here; the task's own failures are caught per call.
                fail(t);
            } finally {
                settle();
            }
        }

        @Override
        public void abandon(Throwable why) {
            fail(why);
            settle();
        }
    }
}
