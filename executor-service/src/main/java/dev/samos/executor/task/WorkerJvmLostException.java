package dev.samos.executor.task;

/**
 * The worker JVM running a batch ended before it answered (a runaway it could not stop, its heap run out, killed):
 * the batch's tasks hold leases of that JVM, which expire; their records are released once they have.
 */
public final class WorkerJvmLostException extends RuntimeException {

    public WorkerJvmLostException(String message) {
        super(message);
    }
}
