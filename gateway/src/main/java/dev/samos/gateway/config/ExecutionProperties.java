package dev.samos.gateway.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the standalone gateway runs user code ({@code samos.gateway.execution.*}).
 *
 * @param mode {@code worker-jvms} (the default): every call, synchronous or swarmed, runs in worker JVMs that the
 *        gateway starts and keeps — a runaway, a call out of memory or one that will not stop costs a worker JVM,
 *        which is replaced, never the gateway; {@code in-process}: calls run on the gateway's own threads, for
 *        trusted code only (a thread cannot be stopped safely in Java: a call that ignores its time limit keeps a
 *        thread and a core until the gateway restarts)
 * @param workers worker JVMs kept running (default: the number of cores)
 * @param threadsPerWorker worker threads in each worker JVM (default 1: a call that must be stopped by ending its JVM
 *        takes no other call with it)
 * @param workerHeap each worker JVM's maximum heap ({@code -Xmx})
 * @param timeLimit longest one attempt of a call may run (0: no limit); past it the attempt fails as TIMED_OUT and
 *        counts as a try
 * @param maxTimeLimit the most a function may declare as its own time limit ({@code Validators.timeLimit}, capped to
 *        it) and the most a request may ask as {@code timeLimitMillis} (refused with 400 over it); on the cluster
 *        profile this is the one setting of this group that applies
 * @param maxTries attempts of a swarmed call before it is FAILED (a runaway, killed or out-of-memory call included)
 * @param maxCallDepth deepest nesting of calls through the portal inside one call
 * @param maxNestedCalls most calls one root call may make through the portal (those not answered from the store)
 */
@ConfigurationProperties("samos.gateway.execution")
public record ExecutionProperties(
        @DefaultValue("worker-jvms") Mode mode,
        Integer workers,
        @DefaultValue("1") int threadsPerWorker,
        @DefaultValue("512m") String workerHeap,
        @DefaultValue("15m") Duration timeLimit,
        @DefaultValue("24h") Duration maxTimeLimit,
        @DefaultValue("3") int maxTries,
        @DefaultValue("20000") int maxCallDepth,
        @DefaultValue("1000000") long maxNestedCalls) {

    public enum Mode {
        WORKER_JVMS, IN_PROCESS
    }

    /** Worker JVMs to keep: as set, else one per core. */
    public int workerCount() {
        return workers != null ? workers : Runtime.getRuntime().availableProcessors();
    }
}
