package dev.samos.portal;

import dev.samos.execution.ExecutionAddress;
import java.util.Objects;

/**
 * A task as a queue outside the index delivered it (see {@link PortalEngine#execute}).
 *
 * @param address the execution it names
 * @param callerWaits a caller's own synchronous call, published because the caller's JVM runs no user code: a
 *        failure is final, as it would be in the caller's thread (a later call tries again)
 * @param lastDelivery the queue will not deliver this record again: a task every live worker declined fails now,
 *        naming its validators
 */
public record TaskDelivery(ExecutionAddress address, boolean callerWaits, boolean lastDelivery) {

    public TaskDelivery {
        Objects.requireNonNull(address, "address");
    }
}
