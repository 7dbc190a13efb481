package dev.samos.collection;

/**
 * The folder is already open, in this JVM or in another process. One opener at a time: the store keeps pages and
 * unsaved changes in the memory of the process that opened it, so a second writer would corrupt it.
 */
public final class DiskCollectionLockedException extends DiskCollectionException {

    public DiskCollectionLockedException(String message, Throwable cause) {
        super(message, cause);
    }
}
