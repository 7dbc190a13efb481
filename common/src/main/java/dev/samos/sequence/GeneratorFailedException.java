package dev.samos.sequence;

import dev.samos.SamosException;

/** The generator behind a {@link BufferedSequence} threw; the items produced before it stay readable. */
public final class GeneratorFailedException extends SamosException {

    public GeneratorFailedException(long produced, Throwable cause) {
        super("the generator failed after " + produced + " items: " + cause, cause);
    }
}
