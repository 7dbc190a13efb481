package dev.samos;

/**
 * The root of every error Samos reports. Each subclass names one kind of problem, so callers (and the
 * gateway's problem+json mapping) can tell bad input from a corrupted store without parsing messages.
 */
public class SamosException extends RuntimeException {

    public SamosException(String message) {
        super(message);
    }

    public SamosException(String message, Throwable cause) {
        super(message, cause);
    }
}
