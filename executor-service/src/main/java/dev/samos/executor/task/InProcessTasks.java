package dev.samos.executor.task;

import dev.samos.execution.ExecutionAddress;
import dev.samos.portal.PortalEngine;
import dev.samos.portal.TaskRun;
import java.util.List;

/**
 * Tasks run on the executor's own threads ({@code samos.executor.execution.mode=in-process}): for trusted code. A
 * runaway's thread is abandoned past its time limit; with {@code exit-when-unhealthy} the executor then exits once
 * its batch is settled, and its orchestrator starts a clean one.
 */
public final class InProcessTasks implements TaskRunner {

    private final PortalEngine portal;

    public InProcessTasks(PortalEngine portal) {
        this.portal = portal;
    }

    @Override
    public List<TaskRun> execute(List<ExecutionAddress> addresses, int declineLimit) {
        List<TaskRun> runs = portal.execute(addresses, declineLimit);
        portal.exitIfUnhealthy(); // this batch is settled; a JVM left with a runaway thread is replaced
        return runs;
    }

    @Override
    public List<TaskRun> sweep(int limit, int declineLimit, long staleAfterMillis) {
        List<TaskRun> runs = portal.sweep(limit, declineLimit, staleAfterMillis);
        portal.exitIfUnhealthy();
        return runs;
    }

    @Override
    public void drain() {
        portal.drain();
    }

    @Override
    public void serving(int threads) {
        portal.serving(threads);
    }

    @Override
    public void close() {
        // The engine is a bean of its own, closed with the context.
    }
}
