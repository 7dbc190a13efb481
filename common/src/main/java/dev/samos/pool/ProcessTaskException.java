package dev.samos.pool;

import dev.samos.SamosException;

/**
 * An exception thrown in a child process whose class could not be rebuilt in this JVM (not serializable, or not
 * found here). It carries the original class name and message, and the child's stack trace as its own.
 */
public final class ProcessTaskException extends SamosException {

    private final String exceptionClass;

    ProcessTaskException(String exceptionClass, String message, StackTraceElement[] stackTrace) {
        super(exceptionClass + (message == null ? "" : ": " + message));
        this.exceptionClass = exceptionClass;
        setStackTrace(stackTrace);
    }

    /** The binary name of the class the function threw. */
    public String exceptionClass() {
        return exceptionClass;
    }
}
