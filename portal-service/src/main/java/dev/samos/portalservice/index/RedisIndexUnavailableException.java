package dev.samos.portalservice.index;

import dev.samos.SamosException;

/**
 * Redis could not be reached (refused, disconnected, timed out). Every change is one script, so an operation that
 * throws this either ran whole on the server or not at all; when the cause is a timeout the caller cannot tell which,
 * and retries — every operation is safe to retry (requests are idempotent, a settle whose lease moved on is refused).
 */
public final class RedisIndexUnavailableException extends SamosException {

    public RedisIndexUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
