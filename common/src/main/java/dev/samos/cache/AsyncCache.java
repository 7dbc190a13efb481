package dev.samos.cache;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A memoized function whose calls can be started asynchronously (PySpeedup's {@code Cache}): each argument is
 * computed at most once, however many callers ask for it at the same time; they share that one computation.
 * {@link RecursiveCache} keeps results in memory; {@link PortalCache} stores them through a portal.
 */
public interface AsyncCache<A, R> {

    /** The result for {@code argument}: stored, or joined if it is being computed, or computed now by the caller. */
    R apply(A argument);

    /** Starts computing {@code argument} unless it is stored or already running; the result when it is ready. */
    CompletableFuture<R> applyAsync(A argument);

    /**
     * {@link #applyAsync} for each argument: the results in order. Arguments already stored or running start
     * nothing new (PySpeedup's {@code batch_async}).
     */
    default CompletableFuture<List<R>> batchAsync(List<? extends A> arguments) {
        List<CompletableFuture<R>> futures = arguments.stream().map(this::applyAsync).toList();
        return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                .thenApply(ignored -> futures.stream().map(CompletableFuture::join).toList());
    }
}
