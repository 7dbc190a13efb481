package dev.samos.portal;

import dev.samos.execution.ExecutionAddress;
import dev.samos.function.ArgumentException;
import dev.samos.index.ExecutionIndex.Lease;
import dev.samos.index.ExecutionIndex.Settlement;
import dev.samos.index.ExecutionIndex.Task;
import java.time.Clock;

/**
 * Turns a run into what the index stores: a result (stored in the value store first if it is large), a retry after
 * a backoff that doubles each try, a hand-back to the queue, or a failure for good.
 */
final class Settlements {

    /** A settlement, and the run it settles (a run whose result could not be stored becomes a failure). */
    record Settling(Settlement settlement, Ran ran) {
    }

    private final InlineValues inline;
    private final PortalOptions options;
    private final Clock clock;
    private final String worker;

    Settlements(InlineValues inline, PortalOptions options, Clock clock, String worker) {
        this.inline = inline;
        this.options = options;
        this.clock = clock;
        this.worker = worker;
    }

    /**
     * A task's run: a swarmed task's failures are retried until {@link PortalOptions#maxTries()}; a task that is a
     * caller's own call ({@link Task#callerWaits()}, as its request told the index) settles as {@link #forCall}, so
     * a sweep that takes it before its record arrives settles it as the record's worker would.
     */
    Settling forTask(Task task, Ran ran) {
        if (task.callerWaits()) {
            return forCall(task.address(), task.lease(), ran);
        }
        return settle(task.address(), task.lease(), task.tries(), ran, true);
    }

    /** A caller's own call: a failure is final (the caller sees it now; a later call tries again). */
    Settling forCall(ExecutionAddress address, Lease lease, Ran ran) {
        return settle(address, lease, 1, ran, false);
    }

    private Settling settle(ExecutionAddress address, Lease lease, long tries, Ran ran, boolean retry) {
        if (ran.succeeded()) {
            try {
                return new Settling(new Settlement.Done(address, lease, ran.attempt(lease.attempt(), worker),
                        inline.result(ran.resultAddress(), ran.result())), ran);
            } catch (RuntimeException notStorable) {
                ran = ran.failing(notStorable, clock.millis());
            }
        }
        long now = clock.millis();
        if (ran.declined()) {
            // Never dropped, never failed: back to the queue for any worker, after a pause so this one does not spin.
            return new Settling(new Settlement.HandBack(address, lease, ran.attempt(lease.attempt(), worker),
                    now + Math.max(options.retryMillis(), 10)), ran);
        }
        // Arguments that do not fit the function, and calls nested past the limits, fail the same way every time:
        // not worth another try. Nor is a cancelled run.
        if (!retry || tries >= options.maxTries() || ran.failure() instanceof ArgumentException
                || ran.failure() instanceof AttemptCancelledException
                || NestedCallLimitException.within(ran.failure())) {
            return new Settling(new Settlement.Failed(address, lease, ran.attempt(lease.attempt(), worker)), ran);
        }
        return new Settling(new Settlement.Retry(address, lease, ran.attempt(lease.attempt(), worker),
                now + (options.retryMillis() << (tries - 1))), ran);
    }
}
