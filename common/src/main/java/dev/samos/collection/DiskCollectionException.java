package dev.samos.collection;

import dev.samos.SamosException;

/** A disk-backed collection could not be opened or used: its folder holds something else, or the store failed. */
public class DiskCollectionException extends SamosException {

    public DiskCollectionException(String message) {
        super(message);
    }

    public DiskCollectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
