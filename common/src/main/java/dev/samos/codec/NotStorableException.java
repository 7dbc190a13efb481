package dev.samos.codec;

import dev.samos.SamosException;

/**
 * An object handed to the codec that is not a value (a thread, a date, a mutable class ...). Raised while writing,
 * so no half-understood object ever reaches a store.
 */
public final class NotStorableException extends SamosException {

    public NotStorableException(String message) {
        super(message);
    }

    public NotStorableException(String message, Throwable cause) {
        super(message, cause);
    }
}
