package dev.samos.pool;

import dev.samos.SamosException;

/**
 * A call of a pool's function failed; the rest of that map was cancelled. The original exception is the cause,
 * so its type survives ({@code getCause()}), and {@link #index()} says which input (counted from 0) it failed on.
 */
public final class PoolTaskException extends SamosException {

    private final long index;

    PoolTaskException(String pool, long index, Throwable cause) {
        super(pool + ": task " + index + " failed: " + cause, cause);
        this.index = index;
    }

    /** Position of the failing input among the zipped inputs (0 for {@code pipe}). */
    public long index() {
        return index;
    }
}
