package dev.samos.executor.task;

import dev.samos.execution.ExecutionAddress;
import dev.samos.portal.TaskRun;
import java.util.List;

/**
 * Where an executor's tasks run: in worker JVMs it keeps ({@code dev.samos.executor.worker.WorkerJvms}, the default:
 * a function that runs away, runs out of memory or will not stop costs a worker JVM, never the executor) or in the
 * executor's own threads ({@link InProcessTasks}, for trusted code). Both run the portal engine's
 * {@code execute}/{@code sweep} and answer what became of each task; the records stay with the executor.
 */
public interface TaskRunner extends AutoCloseable {

    /** Runs the tasks {@code addresses} name as one batch (see {@code PortalEngine.execute}). */
    List<TaskRun> execute(List<ExecutionAddress> addresses, int declineLimit);

    /**
     * Runs up to {@code limit} runnable executions no record carries: expired leases, and executions runnable for
     * {@code staleAfterMillis} (0: any runnable one, oldest first; see {@code PortalEngine.sweep}).
     */
    List<TaskRun> sweep(int limit, int declineLimit, long staleAfterMillis);

    /**
     * The executor is stopping: start no more tasks; the unstarted ones of running batches and sweeps come back as
     * {@code TaskRun.Released} (see {@code PortalEngine.drain}).
     */
    void drain();

    /** Tells the index that tasks run here on {@code threads} threads (0: stopped). */
    void serving(int threads);

    @Override
    void close();
}
