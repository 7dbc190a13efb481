package dev.samos.pool;

import dev.samos.SamosException;

/**
 * The child JVM running a chunk of a process pool's work died (killed from outside, {@code System.exit}, a crash)
 * and so did the fresh child the chunk was retried on once. It is the cause of the {@link PoolTaskException} whose
 * index is the chunk's first input.
 */
public final class ChildProcessDiedException extends SamosException {

    private final long pid;
    private final int exitCode;

    ChildProcessDiedException(String message, long pid, int exitCode) {
        super(message);
        this.pid = pid;
        this.exitCode = exitCode;
    }

    /** The process id of the child that died last (the one the retry ran on). */
    public long pid() {
        return pid;
    }

    /** Its exit code: 128 + n for signal n (137 is {@code kill -9}), -1 if it could not be read. */
    public int exitCode() {
        return exitCode;
    }
}
