package dev.samos.portal;

import dev.samos.execution.ExecutionAddress;
import java.util.Objects;

/**
 * A task as a queue outside the index delivered it (see {@link PortalEngine#execute}).
 *
 * @param address the execution it names
 * @param callerWaits a caller's own synchronous call, published because the caller's JVM runs no user code: a
 *        failure is final, as it would be in the caller's thread (a later call tries again)
 */
public record TaskDelivery(ExecutionAddress address, boolean callerWaits) {

    public TaskDelivery {
        Objects.requireNonNull(address, "address");
    }
}
