package dev.samos.portal;

import dev.samos.execution.ExecutionAddress;

/** The executions a thread is inside, innermost first; a call that appears in its own chain is a cycle. */
record CallChain(ExecutionAddress address, int depth, CallChain outer) {

    static final ScopedValue<CallChain> CURRENT = ScopedValue.newInstance();

    /** The chain of the execution running on this thread, or null outside any. */
    static CallChain current() {
        return CURRENT.isBound() ? CURRENT.get() : null;
    }

    /** The chain inside an execution of {@code address} called from {@code outer} (null: a root call). */
    static CallChain inside(ExecutionAddress address, CallChain outer) {
        return new CallChain(address, outer == null ? 1 : outer.depth + 1, outer);
    }

    boolean contains(ExecutionAddress a) {
        for (CallChain c = this; c != null; c = c.outer) {
            if (c.address.equals(a)) {
                return true;
            }
        }
        return false;
    }
}
