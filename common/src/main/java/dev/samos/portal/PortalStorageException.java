package dev.samos.portal;

import dev.samos.SamosException;

/** The portal's folder could not be read or written (permissions, disk full, a broken index file). */
public final class PortalStorageException extends SamosException {

    public PortalStorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
