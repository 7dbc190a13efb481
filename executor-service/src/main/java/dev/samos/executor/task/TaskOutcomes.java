package dev.samos.executor.task;

import dev.samos.cluster.tasks.KafkaTaskPublisher;
import dev.samos.executor.config.ExecutorProperties;
import dev.samos.executor.task.ExecutorMetrics.Outcome;
import dev.samos.execution.ExecutionAddress;
import dev.samos.portal.PortalEngine;
import dev.samos.portal.ExecutionLogContext;
import dev.samos.portal.TaskRun;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * What the executor does with a task record once the portal engine has run (or not run) its execution — the whole
 * contract between the index and the share group, in one place:
 *
 * <table>
 *   <caption>task run → record</caption>
 *   <tr><td>succeeded, or skipped (done, failed, held by another live lease, unknown)</td><td>accept</td></tr>
 *   <tr><td>retrying after a backoff</td><td>accept; publish a new record when the backoff has passed</td></tr>
 *   <tr><td>declined by a pre-validator</td><td>release after a short delay, so another executor takes it; on
 *       the record's last delivery accept it and publish a new one (never let the broker archive a task)</td></tr>
 *   <tr><td>declined {@code delivery-limit} times, by every live executor among them</td><td>FAILED naming the
 *       validators: accept; dead-letter</td></tr>
 *   <tr><td>failed for good</td><td>accept; dead-letter</td></tr>
 *   <tr><td>given back unstarted (this executor is stopping)</td><td>release at once</td></tr>
 * </table>
 *
 * A retry's new record or a republish that is lost (this executor dies first) is not a lost task: the execution is
 * PENDING in the index, and a sweep finds it.
 */
@Component
class TaskOutcomes implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TaskOutcomes.class);

    private final PortalEngine portal;
    private final TaskRunner runner;
    private final KafkaTaskPublisher publisher;
    private final DeadLetters deadLetters;
    private final ExecutorMetrics metrics;
    private final ExecutorProperties properties;
    private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("samos-task-later").factory());

    TaskOutcomes(PortalEngine portal, TaskRunner runner, KafkaTaskPublisher publisher, DeadLetters deadLetters,
            ExecutorMetrics metrics, ExecutorProperties properties) {
        this.portal = portal;
        this.runner = runner;
        this.publisher = publisher;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.properties = properties;
    }

    /**
     * Runs the tasks {@code deliveries} name as one batch and settles each record.
     *
     * @return how long the batch's functions ran, in all (ms): what says whether a batch may grow
     */
    long run(List<Delivery> deliveries) {
        metrics.tasks(Outcome.CONSUMED, deliveries.size());
        List<TaskRun> runs;
        try {
            runs = runner.execute(deliveries.stream().map(Delivery::address).toList(), properties.deliveryLimit());
        } catch (WorkerJvmLostException lost) {
            // Its leases hold the tasks it claimed until they expire: released before that, a record would find the
            // task busy and be accepted, leaving the task to a sweep; released after, it runs again at once.
            log.warn("{}; the records of its {} task(s) go back when their leases have expired", lost.getMessage(),
                    deliveries.size());
            deliveries.forEach(delivery -> later(properties.leaseMillis() + 500, () -> release(delivery,
                    Outcome.RELEASED)));
            return 0;
        } catch (RuntimeException unreachable) {
            // portal-service did not answer: nothing was claimed for sure, so the records go back for a later try.
            log.warn("could not run {} task(s), releasing them: {}", deliveries.size(), unreachable.toString());
            deliveries.forEach(delivery -> release(delivery, Outcome.RELEASED));
            sleep(properties.declineDelay().toMillis());
            return 0;
        }
        long ran = 0;
        for (int i = 0; i < runs.size(); i++) {
            settle(deliveries.get(i), runs.get(i));
            if (runs.get(i) instanceof TaskRun.Succeeded done) {
                ran += done.millis();
            }
        }
        return ran;
    }

    private void settle(Delivery delivery, TaskRun run) {
        // What becomes of the task is logged in its execution's context, as its function's own lines are.
        try (ExecutionLogContext logged = ExecutionLogContext.enter(delivery.address())) {
            switch (run) {
                case TaskRun.Succeeded done -> {
                    metrics.task(Outcome.SUCCEEDED);
                    metrics.executed(done.millis());
                    accept(delivery);
                }
                case TaskRun.Skipped skipped -> {
                    metrics.task(Outcome.SKIPPED);
                    accept(delivery);
                }
                case TaskRun.Retrying retrying -> {
                    accept(delivery);
                    retryLater(retrying);
                }
                case TaskRun.Declined declined -> {
                    metrics.task(Outcome.DECLINED);
                    rejections(declined.validation());
                    if (delivery.deliveryCount() >= properties.deliveryLimit()) {
                        // The broker would archive the record after this delivery: a new record starts a new count.
                        accept(delivery);
                        later(properties.declineDelay().toMillis(), () -> republish(declined.address()));
                    } else {
                        // Held longer each time it comes back: the share group tends to hand a released record to
                        // whoever fetches next, often this executor, and while it is held another executor's sweep
                        // can take the task (runnable at once in the index).
                        long hold = properties.declineDelay().toMillis()
                                << Math.min(4, Math.max(0, delivery.deliveryCount() - 1));
                        later(hold, () -> release(delivery, Outcome.RELEASED));
                    }
                }
                case TaskRun.Failed failed -> {
                    accept(delivery);
                    failedForGood(failed);
                }
                case TaskRun.Released released -> release(delivery, Outcome.RELEASED);
            }
        }
    }

    /** What a sweep ran: there is no record to settle, only what follows from the run. */
    void swept(List<TaskRun> runs) {
        for (TaskRun run : runs) {
            metrics.task(Outcome.SWEPT);
            try (ExecutionLogContext logged = ExecutionLogContext.enter(run.address())) {
                switch (run) {
                    case TaskRun.Succeeded done -> metrics.executed(done.millis());
                    case TaskRun.Retrying retrying -> retryLater(retrying);
                    case TaskRun.Declined declined -> rejections(declined.validation());
                    case TaskRun.Failed failed -> failedForGood(failed);
                    case TaskRun.Skipped skipped -> { }
                    case TaskRun.Released released -> { }
                }
            }
        }
    }

    private void retryLater(TaskRun.Retrying retrying) {
        metrics.task(Outcome.RETRIED);
        later(Math.max(0, retrying.notBefore() - System.currentTimeMillis()),
                () -> republish(retrying.address()));
    }

    private void failedForGood(TaskRun.Failed failed) {
        metrics.task(Outcome.FAILED);
        log.info("{} FAILED for good: {}", failed.address(), failed.reason());
        try {
            deadLetters.send(failed.address(), failed.reason(), failed.validation(), portal.workerId());
            metrics.task(Outcome.DEAD_LETTERED);
        } catch (RuntimeException e) {
            log.warn("could not dead-letter {}: {}", failed.address(), e.toString());
        }
    }

    private void rejections(List<String> validation) {
        if (!validation.isEmpty()) {
            String last = validation.getLast();
            int colon = last.indexOf(": ");
            metrics.rejectedBy(colon > 0 ? last.substring(0, colon) : last);
        }
    }

    private void republish(ExecutionAddress address) {
        try {
            publisher.publish(List.of(address));
            metrics.task(Outcome.REPUBLISHED);
        } catch (RuntimeException e) {
            log.warn("could not publish {} again; a sweep of the index will run it: {}", address, e.toString());
        }
    }

    private static void accept(Delivery delivery) {
        try {
            delivery.ack().acknowledge();
        } catch (IllegalStateException alreadyAcknowledged) {
            // Released at shutdown meanwhile: the execution's state in the index is what counts.
        }
    }

    void release(Delivery delivery, Outcome counted) {
        try {
            delivery.ack().release();
            metrics.task(counted);
        } catch (IllegalStateException alreadyAcknowledged) {
            // Nothing to give back.
        }
    }

    private void later(long delayMillis, Runnable action) {
        later.schedule(action, delayMillis, TimeUnit.MILLISECONDS);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs what is due now (delayed releases must reach the broker before the consumer closes) and stops. */
    @Override
    public void close() {
        later.shutdown();
        try {
            later.awaitTermination(properties.declineDelay().toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
