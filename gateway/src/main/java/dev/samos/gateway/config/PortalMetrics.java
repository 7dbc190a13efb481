package dev.samos.gateway.config;

import dev.samos.portal.LocalPortal;
import dev.samos.portal.Portal;
import dev.samos.portal.PortalEngine;
import dev.samos.portal.PortalStats;
import dev.samos.swarm.WorkerProcesses;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Configuration;

/**
 * Samos metrics in Samos's words, at {@code /actuator/prometheus}: calls and how they were answered (cache hits in
 * memory, in the folder or on portal-service, misses computed), executions by status, the queue depth, execution times, value bytes.
 */
@Configuration
class PortalMetrics {

    PortalMetrics(Portal portal, MeterRegistry registry, ObjectProvider<WorkerProcesses> workerProcesses) {
        // Standalone: a local portal; cluster: the engine over portal-service. Both count how calls were answered.
        Supplier<PortalStats> stats = switch (portal) {
            case LocalPortal local -> local::stats;
            case PortalEngine engine -> engine::stats;
            default -> null;
        };
        if (stats != null) {
            String store = portal instanceof LocalPortal ? "folder" : "portal-service";
            FunctionCounter.builder("samos.calls", stats, s -> s.get().calls())
                    .description("synchronous calls").register(registry);
            FunctionCounter.builder("samos.cache.hits", stats, s -> s.get().hotHits())
                    .tag("from", "memory").description("calls answered from stored results").register(registry);
            FunctionCounter.builder("samos.cache.hits", stats, s -> s.get().storeHits())
                    .tag("from", store).description("calls answered from stored results").register(registry);
            FunctionCounter.builder("samos.cache.misses", stats,
                            s -> s.get().calls() - s.get().hotHits() - s.get().storeHits())
                    .description("calls not answered from stored results").register(registry);
        }
        if (portal instanceof LocalPortal local) {
            // The cluster gateway runs no attempts: the executors time theirs (samos.executor.execution).
            Timer executionTime = Timer.builder("samos.execution.time").publishPercentileHistogram()
                    .description("time of each execution attempt run by this gateway or its worker JVMs")
                    .register(registry);
            local.onAttempt(attempt -> executionTime.record(
                    Duration.ofMillis(Math.max(0, attempt.endMillis() - attempt.startMillis()))));
            // With worker JVMs the attempts run there, and each is told back on its worker's stdout.
            workerProcesses.ifAvailable(workers -> workers.onAttempt(executionTime::record));
        }
        for (String status : new String[] {"PENDING", "RUNNING", "DONE", "FAILED"}) {
            Gauge.builder("samos.executions", portal, p -> p.describe().executions().getOrDefault(status, 0L))
                    .tag("status", status.toLowerCase()).description("executions in the portal by status")
                    .register(registry);
        }
        Gauge.builder("samos.queue.depth", portal, p -> p.describe().executions().getOrDefault("PENDING", 0L))
                .description("swarmed calls waiting for a worker").register(registry);
        Gauge.builder("samos.values.stored.bytes", portal, p -> p.describe().bytesStored())
                .description("bytes of values stored in the portal").register(registry);
    }
}
