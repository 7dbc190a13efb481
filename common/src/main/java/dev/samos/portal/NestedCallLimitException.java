package dev.samos.portal;

import dev.samos.SamosException;

/**
 * A call made inside an execution went past the portal's limits on nested calls: deeper than
 * {@link PortalOptions#maxCallDepth()} or more than {@link PortalOptions#maxNestedCalls()} under one root call. Runaway
 * recursion through the portal ends here, with this failure, instead of filling the index. Never retried: the same
 * call would go as deep again.
 */
public final class NestedCallLimitException extends SamosException {

    public NestedCallLimitException(String message) {
        super(message);
    }

    /** Whether {@code failure}, or one of its causes, is this limit: a failure that would repeat on every try. */
    static boolean within(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof NestedCallLimitException
                    || t instanceof dev.samos.function.FunctionFailedException f
                            && NestedCallLimitException.class.getName().equals(f.exceptionClass())) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
