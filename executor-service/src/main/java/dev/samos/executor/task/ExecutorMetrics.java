package dev.samos.executor.task;

import dev.samos.portal.PortalEngine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * What an executor tells Prometheus: tasks by what became of them, validator rejections by validator, execution
 * time, and the queue's depth as Samos sees it — PENDING + RUNNING executions in the index, the signal that scales
 * executors (the share group's own lag counts records, and a record may stand for a task already done).
 */
@Component
public class ExecutorMetrics {

    /** What became of a task record or a swept task. */
    enum Outcome {
        CONSUMED, SUCCEEDED, SKIPPED, RETRIED, DECLINED, RELEASED, REPUBLISHED, FAILED, DEAD_LETTERED, MALFORMED,
        SWEPT
    }

    private final MeterRegistry registry;
    private final Counter[] tasks = new Counter[Outcome.values().length];
    private final Timer execution;
    private final AtomicLong queueDepth = new AtomicLong();
    private volatile long queueDepthReadAt;

    ExecutorMetrics(MeterRegistry registry, PortalEngine portal) {
        this.registry = registry;
        for (Outcome outcome : Outcome.values()) {
            tasks[outcome.ordinal()] = Counter.builder("samos.executor.tasks")
                    .description("Task records consumed and what became of them")
                    .tag("outcome", outcome.name().toLowerCase()).register(registry);
        }
        execution = Timer.builder("samos.executor.execution").description("Time a task's function ran")
                .publishPercentileHistogram().register(registry);
        Gauge.builder("samos.executor.queue.depth", this, metrics -> metrics.queueDepth(portal))
                .description("Executions PENDING or RUNNING in the index: the work the executors have before them")
                .register(registry);
    }

    void task(Outcome outcome) {
        tasks[outcome.ordinal()].increment();
    }

    void tasks(Outcome outcome, int count) {
        tasks[outcome.ordinal()].increment(count);
    }

    void executed(long millis) {
        execution.record(Duration.ofMillis(millis));
    }

    /** A pre-validator said no here: counted by the validator's description, e.g. {@code unusedRam(64.0 GB)}. */
    void rejectedBy(String validator) {
        registry.counter("samos.executor.validator.rejections", "validator", validator).increment();
    }

    /** Read at most once a second: a scrape every few seconds from several Prometheus servers costs one index call. */
    private double queueDepth(PortalEngine portal) {
        long now = System.currentTimeMillis();
        if (now - queueDepthReadAt > 1_000) {
            try {
                queueDepth.set(portal.queueDepth());
                queueDepthReadAt = now;
            } catch (RuntimeException e) {
                return Double.NaN; // portal-service unreachable: no figure rather than a wrong one
            }
        }
        return queueDepth.get();
    }
}
