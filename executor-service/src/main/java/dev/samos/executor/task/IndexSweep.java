package dev.samos.executor.task;

import dev.samos.executor.config.ExecutorProperties;
import dev.samos.portal.TaskRun;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The index is the truth and Kafka only carries work, so now and then each executor claims runnable executions
 * straight from the index: the tasks of an executor that died after its records were spent (their leases expired),
 * retries whose new record was lost, requests whose gateway died before publishing. A sweep takes the oldest first,
 * {@code samos.executor.sweep-batch} per round; when the share group keeps up there is nothing to take.
 */
@Component
class IndexSweep implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(IndexSweep.class);
    /** Rounds one sweep may take while they come back full; the next sweep goes on. */
    private static final int MAX_ROUNDS = 20;

    private final TaskRunner tasks;
    private final TaskOutcomes outcomes;
    private final ExecutorProperties properties;
    private ScheduledExecutorService sweeper;
    private ExecutorService parallel;
    private volatile boolean running;

    IndexSweep(TaskRunner tasks, TaskOutcomes outcomes, ExecutorProperties properties) {
        this.tasks = tasks;
        this.outcomes = outcomes;
        this.properties = properties;
    }

    @Override
    public synchronized void start() {
        running = true;
        parallel = Executors.newFixedThreadPool(Math.max(1, properties.concurrency()),
                Thread.ofPlatform().daemon().name("samos-sweep-", 0).factory());
        sweeper = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("samos-sweep")
                .factory());
        long every = properties.sweepInterval().toMillis();
        // Executors started together should not sweep in step.
        sweeper.scheduleWithFixedDelay(this::sweep, every / 2 + (long) (Math.random() * every), every,
                TimeUnit.MILLISECONDS);
    }

    /**
     * One sweep. First one share of any runnable executions, oldest first: the safety net for a task whose records
     * keep going to executors that decline it (the share group hands a released record to whoever fetches next, often
     * the executor that released it), which stays fresh in the index as long as it keeps being declined. Then
     * {@code concurrency} sweepers side by side, each claiming its share of {@code sweep-batch} of the stale work —
     * expired leases, executions runnable for half a lease that no record took — so the tasks of a dead executor run
     * again in parallel, as they ran; again at once while rounds come back full, at most {@value #MAX_ROUNDS} rounds.
     * Stale rounds never take a live swarm's fresh tasks ahead of their records.
     */
    private void sweep() {
        int sweepers = Math.max(1, Math.min(properties.concurrency(), properties.sweepBatch()));
        int share = Math.max(1, properties.sweepBatch() / sweepers);
        long staleAfter = properties.leaseMillis() / 2;
        int swept = 0;
        try {
            List<TaskRun> oldest = tasks.sweep(share, properties.deliveryLimit(), 0);
            outcomes.swept(oldest);
            swept += oldest.size();
            for (int round = 0; round < MAX_ROUNDS && running; round++) {
                List<CompletableFuture<List<TaskRun>>> rounds = new ArrayList<>(sweepers);
                for (int i = 0; i < sweepers; i++) {
                    rounds.add(CompletableFuture.supplyAsync(() -> tasks.sweep(share, properties.deliveryLimit(),
                            staleAfter), parallel));
                }
                int thisRound = 0;
                for (CompletableFuture<List<TaskRun>> answer : rounds) {
                    List<TaskRun> runs = answer.join();
                    thisRound += runs.size();
                    outcomes.swept(runs);
                }
                swept += thisRound;
                if (thisRound < sweepers * share) {
                    break;
                }
            }
        } catch (RuntimeException e) {
            log.debug("sweep cut short: {}", e.toString());
        }
        if (swept > 0) {
            log.info("swept {} task(s) that no record carried", swept);
        }
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (sweeper != null) {
            tasks.drain(); // a sweep running gives back what it has not started
            sweeper.shutdown();
            parallel.shutdown();
            try {
                sweeper.awaitTermination(properties.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS);
                parallel.awaitTermination(properties.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            sweeper = null;
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
