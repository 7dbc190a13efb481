package dev.samos.pipeline;

import dev.samos.SamosException;

/** A pipeline or stage of a shape that cannot run, rejected when it is built; the message names the stage. */
public final class InvalidPipelineException extends SamosException {

    InvalidPipelineException(String message) {
        super(message);
    }

    InvalidPipelineException(String message, Throwable cause) {
        super(message, cause);
    }
}
