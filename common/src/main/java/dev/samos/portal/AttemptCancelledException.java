package dev.samos.portal;

import dev.samos.SamosException;

/** A running attempt was stopped because its execution was cancelled (or its worker is stopping for good). */
public final class AttemptCancelledException extends SamosException {

    public AttemptCancelledException(String message) {
        super(message);
    }
}
