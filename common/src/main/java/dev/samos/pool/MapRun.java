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
 * the others without a hand-off per input), and each chunk writes its results into its own slots.
 */
final class MapRun<A, R> {

    private final ExecutorPool pool;
    private final Function<? super A, ? extends R> f;
    private final List<? extends A> inputs;
    private final Object[] results;
    private final int chunk;
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
    }

    CompletableFuture<List<R>> start() {
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
        int chunks = (int) ((n + (long) chunk - 1) / chunk);
        // One extra count held while submitting, so the run cannot complete before every chunk is handed out.
        outstanding.set(chunks + 1);
        int submitted = 0;
        try {
            for (int from = 0; from < n; from += chunk) {
                pool.submit(new Chunk(from, (int) Math.min(n, (long) from + chunk)));
                submitted++;
            }
        } catch (IllegalStateException closed) {
            stop = true;
            outstanding.addAndGet(-(chunks - submitted));
            settle();
            throw closed;
        }
        settle();
        return future;
    }

    private void fail(Throwable t) {
        synchronized (this) {
            if (failure == null) {
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

    private final class Chunk implements Job {

        private final int from;
        private final int to;

        Chunk(int from, int to) {
            this.from = from;
            this.to = to;
        }

        @Override
        public void run() {
            int i = from;
            try {
                Thread self = Thread.currentThread();
                for (; i < to && !stop; i++) {
                    if (self.isInterrupted()) {
                        fail(new CancellationException("pool " + pool.name() + " terminated"));
                        break;
                    }
                    results[i] = f.apply(inputs.get(i));
                }
            } catch (Throwable t) {
                fail(new PoolTaskException(pool.name(), i, t));
            } finally {
                try {
                    progress(i - from);
                } catch (Throwable t) {
                    fail(t);
                }
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
