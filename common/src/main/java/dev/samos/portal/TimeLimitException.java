package dev.samos.portal;

import dev.samos.SamosException;

/** An attempt ran past the portal's time limit and was stopped (or abandoned): recorded as its failure. */
public final class TimeLimitException extends SamosException {

    public TimeLimitException(String message) {
        super(message);
    }
}
