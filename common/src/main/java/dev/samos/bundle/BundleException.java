package dev.samos.bundle;

import dev.samos.SamosException;

/** A function bundle cannot be made, read or rebuilt; the message names the class and the problem. */
public class BundleException extends SamosException {

    public BundleException(String message) {
        super(message);
    }

    public BundleException(String message, Throwable cause) {
        super(message, cause);
    }
}
