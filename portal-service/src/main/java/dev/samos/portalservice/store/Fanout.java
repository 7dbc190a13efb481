package dev.samos.portalservice.store;

import dev.samos.portal.PortalStorageException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Function;

/**
 * Runs one blocking S3 call per item at once, at most {@code limit} in flight: a batch of 1,000 values costs about
 * the time of {@code 1000 / limit} round trips, not 1,000. Virtual threads, because each call only waits on a socket;
 * the limit, shared by every batch of the owner, keeps within the HTTP client's connection pool.
 */
final class Fanout implements AutoCloseable {

    private final ExecutorService threads;
    private final Semaphore inFlight;

    Fanout(String name, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, got " + limit);
        }
        this.threads = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name(name + "-", 0).factory());
        this.inFlight = new Semaphore(limit);
    }

    /**
     * {@code call} applied to every item, answers in the items' order. Every call has finished when this returns or
     * throws; if some failed, the first failure (in the items' order) is thrown with the others suppressed.
     */
    <T, R> List<R> map(List<T> items, Function<? super T, ? extends R> call) {
        if (items.size() <= 1) {
            List<R> one = new ArrayList<>(1);
            items.forEach(item -> one.add(call.apply(item)));
            return one;
        }
        List<Future<R>> futures = new ArrayList<>(items.size());
        for (T item : items) {
            futures.add(threads.submit(() -> {
                inFlight.acquire();
                try {
                    return call.apply(item);
                } finally {
                    inFlight.release();
                }
            }));
        }
        List<R> answers = new ArrayList<>(items.size());
        RuntimeException failure = null;
        for (Future<R> future : futures) {
            try {
                answers.add(future.get());
            } catch (ExecutionException e) {
                RuntimeException cause = e.getCause() instanceof RuntimeException r ? r
                        : e.getCause() instanceof Error error ? rethrow(error)
                        : new PortalStorageException("an S3 call failed: " + e.getCause(), e.getCause());
                if (failure == null) {
                    failure = cause;
                } else if (failure != cause) {
                    failure.addSuppressed(cause);
                }
                answers.add(null);
            } catch (InterruptedException e) {
                futures.forEach(f -> f.cancel(true));
                Thread.currentThread().interrupt();
                throw new PortalStorageException("interrupted while waiting for S3", e);
            }
        }
        if (failure != null) {
            throw failure;
        }
        return answers;
    }

    private static RuntimeException rethrow(Error error) {
        throw error;
    }

    @Override
    public void close() {
        threads.close();
    }
}
