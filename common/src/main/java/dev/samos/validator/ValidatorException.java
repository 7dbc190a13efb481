package dev.samos.validator;

import dev.samos.SamosException;

/** A validator is broken (e.g. a user validator returned something that is not a verdict): the execution fails. */
public final class ValidatorException extends SamosException {

    public ValidatorException(String message) {
        super(message);
    }
}
