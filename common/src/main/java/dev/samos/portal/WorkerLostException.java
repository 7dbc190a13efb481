package dev.samos.portal;

import dev.samos.SamosException;

/**
 * An execution whose worker stopped without recording its attempts (killed, out of memory, its machine lost) until
 * its tries were used up: it is FAILED rather than run again, so a call that kills every JVM running it ends.
 */
public final class WorkerLostException extends SamosException {

    public WorkerLostException(String message) {
        super(message);
    }
}
