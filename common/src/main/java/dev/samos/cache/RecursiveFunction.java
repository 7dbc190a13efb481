package dev.samos.cache;

/**
 * The body of a function memoized by a {@link RecursiveCache}. It receives the cache, so its recursive calls go
 * through it: {@code cache.apply(n - 1)} for a memoized call, {@code cache.applyAsync(..)} or
 * {@code cache.batchAsync(..)} to start branches in parallel before joining them.
 */
@FunctionalInterface
public interface RecursiveFunction<A, R> {

    R apply(RecursiveCache<A, R> cache, A argument) throws Exception;
}
