package dev.samos.portal;

import dev.samos.execution.ExecutionAddress;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The executions a thread is inside, innermost first; a call that appears in its own chain is a cycle. The chain
 * also counts the calls made under its root, against the portal's {@link CallLimits}.
 *
 * @param nested calls made so far under the root of this chain (shared by every link of one root call)
 */
record CallChain(ExecutionAddress address, int depth, CallChain outer, AtomicLong nested, CallLimits limits) {

    static final ScopedValue<CallChain> CURRENT = ScopedValue.newInstance();

    /** The chain of the execution running on this thread, or null outside any. */
    static CallChain current() {
        return CURRENT.isBound() ? CURRENT.get() : null;
    }

    /** The chain inside an execution of {@code address} called from {@code outer} (null: a root call). */
    static CallChain inside(ExecutionAddress address, CallChain outer, CallLimits limits) {
        return inside(address, outer, 0, limits);
    }

    /**
     * As above; a root call ({@code outer} null) starts {@code requestedAt} levels deep: the depth of the execution
     * that swarmed it (its task's {@link dev.samos.index.ExecutionIndex.Task#depth()}), so the depth travels with
     * swarmed tasks from worker to worker and a function that swarms itself stops at the limit. Its count of nested
     * calls starts afresh: that limit is per root call in one JVM.
     */
    static CallChain inside(ExecutionAddress address, CallChain outer, int requestedAt, CallLimits limits) {
        return outer == null ? new CallChain(address, requestedAt + 1, null, new AtomicLong(), limits)
                : new CallChain(address, outer.depth + 1, outer, outer.nested, outer.limits);
    }

    boolean contains(ExecutionAddress a) {
        for (CallChain c = this; c != null; c = c.outer) {
            if (c.address.equals(a)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Counts {@code calls} more calls made inside this chain's execution (synchronous or swarmed), refusing them if
     * they go past the limits: a runaway recursion through the portal ends with a clear failure, not a full index.
     */
    void admit(long calls, String what) {
        if (depth >= limits.maxDepth()) {
            throw new NestedCallLimitException(what + " inside " + address + " would be " + (depth + 1)
                    + " calls deep, past the limit of " + limits.maxDepth() + " (samos.maxCallDepth)");
        }
        long made = nested.addAndGet(calls);
        if (made > limits.maxNested()) {
            throw new NestedCallLimitException(what + " inside " + address + " would make " + made
                    + " nested calls under one root call, past the limit of " + limits.maxNested()
                    + " (samos.maxNestedCalls)");
        }
    }
}
