package dev.samos.cluster.tasks;

import dev.samos.SamosException;

/** Kafka did not take a task record in time: the execution is recorded, and an executor's sweep will find it. */
public final class TaskPublishException extends SamosException {

    public TaskPublishException(String message, Throwable cause) {
        super(message, cause);
    }
}
