package dev.samos.validator;

import dev.samos.SamosException;

/**
 * A validator said no: a pre-validator that cannot be satisfied where the call could run, or a post-validator
 * that rejected a result. The message names the validator and what it found.
 */
public final class ValidationFailedException extends SamosException {

    public ValidationFailedException(String message) {
        super(message);
    }
}
