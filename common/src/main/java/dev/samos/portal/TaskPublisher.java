package dev.samos.portal;

import dev.samos.execution.ExecutionAddress;
import java.util.List;

/**
 * Where a swarmed call goes once the index has recorded it (DESIGN.md, "where tasks come from"): nowhere for a
 * portal whose own worker threads take pending executions from the index (the local portal), a Kafka topic that
 * executors consume through a share group for the cluster. Only requests that were first (the index's idempotent
 * request says so) are published, so identical calls from many gateways become one task.
 */
@FunctionalInterface
public interface TaskPublisher {

    /** Workers find pending executions in the index by themselves. */
    TaskPublisher NONE = requested -> { };

    /**
     * Hands {@code requested} to whatever carries tasks to workers; returns once they are safely on their way. A
     * task carries only its address: what a worker must know of it (whether a caller waits on it as on their own
     * call, how deep its request was) it reads from the index when it claims it.
     */
    void publish(List<ExecutionAddress> requested);
}
