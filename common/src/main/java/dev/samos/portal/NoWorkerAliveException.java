package dev.samos.portal;

import dev.samos.SamosException;

/** {@code get} waited for a swarmed call that no worker anywhere is alive to run (and was told not to run it). */
public final class NoWorkerAliveException extends SamosException {

    public NoWorkerAliveException(String message) {
        super(message);
    }
}
