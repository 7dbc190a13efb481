package dev.samos.executor.task;

import dev.samos.executor.config.ExecutorProperties;
import dev.samos.portal.PortalEngine;
import dev.samos.portal.TaskRun;
import java.util.List;
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
 * retries whose new record was lost, requests whose gateway died before publishing. A sweep takes the oldest first
 * and at most {@code samos.executor.sweep-batch}; when the share group keeps up there is usually nothing to take.
 */
@Component
class IndexSweep implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(IndexSweep.class);

    private final PortalEngine portal;
    private final TaskOutcomes outcomes;
    private final ExecutorProperties properties;
    private ScheduledExecutorService sweeper;

    IndexSweep(PortalEngine portal, TaskOutcomes outcomes, ExecutorProperties properties) {
        this.portal = portal;
        this.outcomes = outcomes;
        this.properties = properties;
    }

    @Override
    public synchronized void start() {
        sweeper = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("samos-sweep")
                .factory());
        long every = properties.sweepInterval().toMillis();
        // Executors started together should not sweep in step.
        sweeper.scheduleWithFixedDelay(this::sweep, every / 2 + (long) (Math.random() * every), every,
                TimeUnit.MILLISECONDS);
    }

    private void sweep() {
        try {
            List<TaskRun> runs = portal.sweep(properties.sweepBatch(), properties.deliveryLimit());
            if (!runs.isEmpty()) {
                log.info("swept {} task(s) that no record carried", runs.size());
                outcomes.swept(runs);
            }
        } catch (RuntimeException e) {
            log.debug("sweep skipped: {}", e.toString());
        }
    }

    @Override
    public synchronized void stop() {
        if (sweeper != null) {
            sweeper.shutdownNow();
            try {
                sweeper.awaitTermination(properties.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            sweeper = null;
        }
    }

    @Override
    public boolean isRunning() {
        return sweeper != null;
    }
}
