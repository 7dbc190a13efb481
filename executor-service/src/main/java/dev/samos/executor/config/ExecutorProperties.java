package dev.samos.executor.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * An executor's settings ({@code samos.executor.*}).
 *
 * @param concurrency threads running tasks at once (default: the cores this JVM may use)
 * @param consumers share consumers polling the task topic (each its own Kafka connection)
 * @param maxBatch tasks one thread claims, runs and settles together at most (quick tasks are batched, so a batch
 *        costs two round trips to portal-service instead of two per task; a slow task runs alone)
 * @param leaseMillis how long a task's lease lasts without renewal: a killed executor's tasks run again elsewhere
 *        about this long after it died (plus one sweep)
 * @param maxTries attempts of a failing task before its execution is FAILED and the task dead-lettered
 * @param retryMillis backoff before the second try; it doubles for each further try
 * @param deliveryLimit the share group's delivery count limit (the broker's {@code group.share.delivery.count.limit},
 *        5 by default): on a record's last delivery a task that every live executor declined is FAILED naming its
 *        validators; one that some live executor has not tried yet is published again, never archived
 * @param declineDelay how long a declined task's record is held before it is released, so that an idle executor
 *        rather than this one takes it next; doubled for each delivery of the same record (at most 16 times)
 * @param sweepInterval how often the index is swept for runnable tasks that no record carries (retries whose
 *        republish was lost, tasks of a killed executor)
 * @param sweepBatch tasks claimed per sweep
 * @param timeLimit how long one attempt may run: past it the attempt fails TIMED_OUT (and is retried, up to
 *        max-tries) and its thread is interrupted — or abandoned, if the function ignores interrupts
 * @param exitWhenUnhealthy whether the executor exits (status 70) once it had to abandon a thread that ignored its
 *        interrupt (a runaway past its time limit, a cancelled call), or its heap ran out — after settling its batch —
 *        so that its orchestrator (Kubernetes, docker compose) starts a clean one; default true. The executor JVM is
 *        the cluster's worker JVM: its records of tasks not settled go back to the share group
 * @param shutdownGrace how long a stopping executor lets running tasks finish; what has not started is released
 * @param resources what this executor offers to validators, where the machine's own figures are not what it may use
 * @param execution where tasks run: in worker JVMs the executor keeps (the default), or in its own threads
 * @param maxTimeLimit the most a function or a call may declare as its own time limit ({@code Validators.timeLimit},
 *        or {@code timeLimitMillis} over REST, which the gateway checks against its own maximum): a longer one is cut
 *        to this (default 24h, as the gateway's)
 */
@ConfigurationProperties("samos.executor")
public record ExecutorProperties(Integer concurrency, Integer consumers, Integer maxBatch, Long leaseMillis,
        Integer maxTries, Long retryMillis, Integer deliveryLimit, Duration declineDelay, Duration sweepInterval,
        Integer sweepBatch, Duration timeLimit, Duration shutdownGrace, Offered resources,
        Boolean exitWhenUnhealthy, Execution execution, Duration maxTimeLimit) {

    public ExecutorProperties {
        concurrency = concurrency == null ? Runtime.getRuntime().availableProcessors() : concurrency;
        consumers = consumers == null ? 2 : consumers;
        maxBatch = maxBatch == null ? 256 : maxBatch;
        leaseMillis = leaseMillis == null ? 10_000 : leaseMillis;
        maxTries = maxTries == null ? 3 : maxTries;
        retryMillis = retryMillis == null ? 1_000 : retryMillis;
        deliveryLimit = deliveryLimit == null ? 5 : deliveryLimit;
        declineDelay = declineDelay == null ? Duration.ofMillis(200) : declineDelay;
        sweepInterval = sweepInterval == null ? Duration.ofSeconds(5) : sweepInterval;
        sweepBatch = sweepBatch == null ? 64 : sweepBatch;
        timeLimit = timeLimit == null ? Duration.ofMinutes(15) : timeLimit;
        shutdownGrace = shutdownGrace == null ? Duration.ofSeconds(20) : shutdownGrace;
        resources = resources == null ? new Offered(null, null, null) : resources;
        exitWhenUnhealthy = exitWhenUnhealthy == null || exitWhenUnhealthy;
        execution = execution == null ? new Execution(null, null, null) : execution;
        maxTimeLimit = maxTimeLimit == null ? Duration.ofHours(24) : maxTimeLimit;
        if (concurrency < 1 || consumers < 1 || maxBatch < 1 || leaseMillis < 100 || maxTries < 1 || retryMillis < 0
                || deliveryLimit < 2 || sweepBatch < 1 || sweepInterval.isNegative() || sweepInterval.isZero()
                || timeLimit.isNegative() || maxTimeLimit.isNegative()) {
            throw new IllegalArgumentException("invalid samos.executor settings: " + this);
        }
    }

    /**
     * Where an executor runs its tasks ({@code samos.executor.execution.*}).
     *
     * @param mode {@code worker-jvms} (the default): in worker JVMs the executor starts and keeps, each with a heap
     *        limit — a runaway, a call out of memory or one that will not stop costs a worker JVM, which is replaced,
     *        never the executor or its Kafka consumers; {@code in-process}: in the executor's own threads, for trusted
     *        code (a thread that ignores its time limit makes the executor exit when {@code exit-when-unhealthy})
     * @param workers worker JVMs kept (default 1); the executor's {@code concurrency} threads are shared among them.
     *        More workers: a runaway's end takes fewer running tasks with it, for more memory
     * @param workerHeap each worker JVM's maximum heap ({@code -Xmx}, default {@code 512m})
     */
    public record Execution(Mode mode, Integer workers, String workerHeap) {

        public enum Mode {
            WORKER_JVMS, IN_PROCESS
        }

        public Execution {
            mode = mode == null ? Mode.WORKER_JVMS : mode;
            workers = workers == null ? 1 : workers;
            workerHeap = workerHeap == null ? "512m" : workerHeap;
            if (workers < 1 || !workerHeap.matches("[0-9]+[kKmMgG]?")) {
                throw new IllegalArgumentException("invalid samos.executor.execution settings: workers must be ≥ 1 "
                        + "and worker-heap a size such as 512m, not " + workers + " and " + workerHeap);
            }
        }
    }

    /**
     * Resources an operator declares for this executor; unset ones are the machine's (OSHI).
     *
     * @param gpus compute GPUs this executor has (e.g. as allotted by Kubernetes, which the machine's own list may
     *        not show)
     * @param maxRamBytes the most free RAM validators see, even if the machine has more (its share of a big host)
     * @param maxCores the most free cores validators see
     */
    public record Offered(Integer gpus, Long maxRamBytes, Double maxCores) {
    }
}
