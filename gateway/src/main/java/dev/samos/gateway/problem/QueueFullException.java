package dev.samos.gateway.problem;

/** The swarm queue is at {@code samos.gateway.max-pending}: new swarmed calls must wait for workers to catch up. */
public final class QueueFullException extends RuntimeException {

    public QueueFullException(long pending, int asked, long limit) {
        super(pending + " calls are pending and " + asked + " more were asked for; the queue holds at most " + limit
                + " (samos.gateway.max-pending): retry later");
    }
}
