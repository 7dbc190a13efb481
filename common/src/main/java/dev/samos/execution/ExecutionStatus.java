package dev.samos.execution;

/**
 * The one table of execution states. An execution starts PENDING when requested (swarm) or RUNNING when a caller
 * runs it at once; RUNNING holds a lease that expires if its worker dies, which returns it to PENDING; it ends DONE
 * (result stored, forever) or FAILED (retries exhausted, records kept; a later call may try again).
 */
public enum ExecutionStatus {
    PENDING,
    RUNNING,
    DONE,
    FAILED;

    public boolean isFinal() {
        return this == DONE || this == FAILED;
    }
}
