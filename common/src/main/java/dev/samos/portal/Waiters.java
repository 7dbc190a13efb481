package dev.samos.portal;

import dev.samos.execution.ExecutionAddress;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Callers in this JVM waiting for an execution to settle, woken when it settles here or when the index's news
 * ({@link dev.samos.index.ExecutionIndex#onSettled}) tells of it. News may be missing (the folder index hears only
 * its own JVM, a stream may be down), so waiters still look at the index again after their pause. A settle here may
 * wake twice (directly and by news): the second finds no one waiting and costs one map look-up.
 */
final class Waiters {

    private final Map<ExecutionAddress, CompletableFuture<Void>> waiting = new ConcurrentHashMap<>();

    /** Waits until {@code address} settles here or {@code millis} pass. */
    void await(ExecutionAddress address, long millis) {
        await(expect(address), millis);
    }

    /**
     * The signal that {@code address} settled, to take before looking at the index: a settle that happens between
     * the look and the wait is not missed.
     */
    CompletableFuture<Void> expect(ExecutionAddress address) {
        return waiting.computeIfAbsent(address, a -> new CompletableFuture<>());
    }

    /** Waits until {@code signal} (from {@link #expect}) fires or {@code millis} pass. */
    void await(CompletableFuture<Void> signal, long millis) {
        try {
            signal.get(millis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // Another JVM may have settled it: the caller looks at the index again.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Drops the signal of a caller that stops waiting (found the result, failed, timed out), so finished executions
     * leave nothing behind; another caller waiting on the same signal at that moment looks again after its pause.
     */
    void forget(ExecutionAddress address, CompletableFuture<Void> signal) {
        waiting.remove(address, signal);
    }

    void settled(ExecutionAddress address) {
        CompletableFuture<Void> signal = waiting.remove(address);
        if (signal != null) {
            signal.complete(null);
        }
    }
}
