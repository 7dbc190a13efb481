package dev.samos.function;

import dev.samos.SamosException;

/**
 * A pure function threw. Carries the original exception's class, message and stack trace as text (they may come
 * from another JVM), and the original exception as the cause when it was thrown in this one. Failures are recorded
 * but never memoized: a later call tries again.
 */
public final class FunctionFailedException extends SamosException {

    private final String execution;
    private final String exceptionClass;
    private final String exceptionMessage;
    private final String remoteStackTrace;

    public FunctionFailedException(String execution, String exceptionClass, String exceptionMessage,
            String remoteStackTrace, Throwable cause) {
        super(execution + " failed: " + exceptionClass + (exceptionMessage == null ? "" : ": " + exceptionMessage),
                cause);
        this.execution = execution;
        this.exceptionClass = exceptionClass;
        this.exceptionMessage = exceptionMessage;
        this.remoteStackTrace = remoteStackTrace;
    }

    /** The execution address of the failed call. */
    public String execution() {
        return execution;
    }

    /** The class name of the exception the function threw. */
    public String exceptionClass() {
        return exceptionClass;
    }

    public String exceptionMessage() {
        return exceptionMessage;
    }

    /** The function's stack trace as printed where it ran. */
    public String functionStackTrace() {
        return remoteStackTrace;
    }
}
