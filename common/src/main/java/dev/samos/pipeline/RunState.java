package dev.samos.pipeline;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/** Whether a run is cancelled, and the first failure, which is the one the caller gets. */
final class RunState {

    private volatile boolean cancelled;
    private final AtomicReference<PipelineException> failure = new AtomicReference<>();

    boolean isCancelled() {
        return cancelled;
    }

    void checkCancelled() {
        if (cancelled) {
            throw new Channel.Cancelled();
        }
    }

    void cancel() {
        cancelled = true;
    }

    /** Records the failure and cancels the run; false if the run had already failed or been cancelled. */
    boolean fail(PipelineException error) {
        if (cancelled || !failure.compareAndSet(null, error)) {
            return false;
        }
        cancelled = true;
        return true;
    }

    PipelineException failure() {
        return failure.get();
    }

    RuntimeException failureOr(Supplier<RuntimeException> otherwise) {
        PipelineException error = failure.get();
        return error != null ? error : otherwise.get();
    }
}
