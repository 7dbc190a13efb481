package dev.samos.portal;

import dev.samos.SamosException;

/** {@code get} gave up waiting: the execution is still pending or running. Its address stays valid. */
public final class ExecutionTimeoutException extends SamosException {

    public ExecutionTimeoutException(String message) {
        super(message);
    }
}
