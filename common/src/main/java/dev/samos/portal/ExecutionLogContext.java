package dev.samos.portal;

import dev.samos.execution.ExecutionAddress;
import org.slf4j.MDC;

/**
 * The execution's address in the logging context (SLF4J's MDC, key {@value #KEY}) while its function runs, so every
 * line logged on that thread names the execution — in JSON logs (Spring Boot's structured logging) it is a field of
 * its own. A nested call's address stands in for its caller's until it returns. An executor also logs what becomes
 * of a task in its context.
 */
public final class ExecutionLogContext implements AutoCloseable {

    public static final String KEY = "samos.execution";

    private final String outer;

    private ExecutionLogContext(String outer) {
        this.outer = outer;
    }

    public static ExecutionLogContext enter(ExecutionAddress address) {
        String outer = MDC.get(KEY);
        MDC.put(KEY, address.toString());
        return new ExecutionLogContext(outer);
    }

    @Override
    public void close() {
        if (outer == null) {
            MDC.remove(KEY);
        } else {
            MDC.put(KEY, outer);
        }
    }
}
