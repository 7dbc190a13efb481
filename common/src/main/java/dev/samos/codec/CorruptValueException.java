package dev.samos.codec;

import dev.samos.SamosException;

/**
 * Bytes that are not a valid stored value: truncated, corrupted, of another format or version, or naming a class
 * that may not be instantiated from stored bytes. Distinct from {@link NotStorableException} so a caller can tell a
 * damaged store (retry elsewhere, recompute) from a programming error.
 */
public final class CorruptValueException extends SamosException {

    public CorruptValueException(String message) {
        super(message);
    }

    public CorruptValueException(String message, Throwable cause) {
        super(message, cause);
    }
}
