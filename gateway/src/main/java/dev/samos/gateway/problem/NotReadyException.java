package dev.samos.gateway.problem;

/** An execution is not in the state the request needs (its result asked for while it runs; cancel of a running one). */
public final class NotReadyException extends RuntimeException {

    public NotReadyException(String execution, String status) {
        super("execution " + execution + " is " + status);
    }
}
