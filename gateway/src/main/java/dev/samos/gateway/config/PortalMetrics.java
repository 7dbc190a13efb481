package dev.samos.gateway.config;

import dev.samos.portal.LocalPortal;
import dev.samos.portal.Portal;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.springframework.context.annotation.Configuration;

/**
 * Samos metrics in Samos's words, at {@code /actuator/prometheus}: calls and how they were answered (cache hits in
 * memory or in the folder, misses computed), executions by status, the queue depth, execution times, value bytes.
 */
@Configuration
class PortalMetrics {

    PortalMetrics(Portal portal, MeterRegistry registry) {
        if (portal instanceof LocalPortal local) {
            FunctionCounter.builder("samos.calls", local, p -> p.stats().calls())
                    .description("synchronous calls").register(registry);
            FunctionCounter.builder("samos.cache.hits", local, p -> p.stats().hotHits())
                    .tag("from", "memory").description("calls answered from stored results").register(registry);
            FunctionCounter.builder("samos.cache.hits", local, p -> p.stats().storeHits())
                    .tag("from", "folder").description("calls answered from stored results").register(registry);
            FunctionCounter.builder("samos.cache.misses", local,
                            p -> p.stats().calls() - p.stats().hotHits() - p.stats().storeHits())
                    .description("calls not answered from stored results").register(registry);
            Timer executionTime = Timer.builder("samos.execution.time").publishPercentileHistogram()
                    .description("time of each execution attempt run by this gateway").register(registry);
            local.onAttempt(attempt -> executionTime.record(
                    Duration.ofMillis(Math.max(0, attempt.endMillis() - attempt.startMillis()))));
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
