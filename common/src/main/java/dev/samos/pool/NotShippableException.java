package dev.samos.pool;

import dev.samos.SamosException;

/**
 * A function cannot run in a child process: it is a lambda that is not serializable, a capture of it is not a
 * value (the message names the capture, its type and the lambda), or its class has no bytecode to ship. Thrown
 * before anything is sent.
 */
public final class NotShippableException extends SamosException {

    public NotShippableException(String message) {
        super(message);
    }

    public NotShippableException(String message, Throwable cause) {
        super(message, cause);
    }
}
