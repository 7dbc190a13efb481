package dev.samos.cache;

import dev.samos.SamosException;

/** A memoized function threw a checked exception (unchecked ones reach the caller as they are). */
public final class CacheComputationException extends SamosException {

    public CacheComputationException(Object argument, Throwable cause) {
        super("computing " + argument + " failed: " + cause, cause);
    }
}
