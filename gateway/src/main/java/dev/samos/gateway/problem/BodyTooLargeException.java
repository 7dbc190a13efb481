package dev.samos.gateway.problem;

/** A request body over {@code samos.gateway.max-body-bytes}. */
public final class BodyTooLargeException extends RuntimeException {

    public BodyTooLargeException(long limit) {
        super("request body is larger than the limit of " + limit + " bytes (samos.gateway.max-body-bytes)");
    }
}
