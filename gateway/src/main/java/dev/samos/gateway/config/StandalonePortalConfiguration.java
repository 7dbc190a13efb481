package dev.samos.gateway.config;

import dev.samos.portal.CallLimits;
import dev.samos.portal.LocalPortal;
import dev.samos.portal.Portal;
import dev.samos.portal.PortalOptions;
import dev.samos.portal.TaskRouting;
import dev.samos.swarm.WorkerProcesses;
import java.time.Clock;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * The standalone profile: one gateway on a local-folder portal. User code runs in worker JVMs the gateway keeps
 * (the default), or in the gateway's own threads ({@code samos.gateway.execution.mode=in-process}).
 */
@Configuration
@Profile("standalone")
@EnableConfigurationProperties(ExecutionProperties.class)
public class StandalonePortalConfiguration {

    private static final Logger log = LoggerFactory.getLogger(StandalonePortalConfiguration.class);

    /** The worker JVMs, started before the portal and stopped after it. */
    @Bean(destroyMethod = "close")
    public WorkerProcesses workerProcesses(GatewayProperties gateway, ExecutionProperties execution) {
        if (execution.mode() != ExecutionProperties.Mode.WORKER_JVMS) {
            return null;
        }
        PortalOptions options = options(execution);
        WorkerProcesses workers = WorkerProcesses.start(gateway.portal(), new WorkerProcesses.Settings(
                execution.workerCount(), execution.threadsPerWorker(), execution.workerHeap(), Map.of(
                        "samos.timeLimitMillis", Long.toString(options.timeLimitMillis()),
                        "samos.maxTimeLimitMillis", Long.toString(options.maxTimeLimitMillis()),
                        "samos.maxTries", Integer.toString(options.maxTries()),
                        "samos.maxCallDepth", Integer.toString(options.callLimits().maxDepth()),
                        "samos.maxNestedCalls", Long.toString(options.callLimits().maxNested()),
                        "samos.exitWhenUnhealthy", "true")));
        log.info("Samos runs calls in {} worker JVM(s) of {} thread(s), heap {} each, time limit {} (logs: {})",
                execution.workerCount(), execution.threadsPerWorker(), execution.workerHeap(),
                execution.timeLimit(), gateway.portal().toAbsolutePath().resolve("worker-N.log"));
        return workers;
    }

    /** Closed with the application context: its workers finish or hand back what they run. */
    @Bean(destroyMethod = "close")
    public Portal portal(GatewayProperties gateway, ExecutionProperties execution,
            ObjectProvider<WorkerProcesses> workerProcesses) {
        PortalOptions options = options(execution);
        WorkerProcesses workers = workerProcesses.getIfAvailable();
        LocalPortal portal;
        if (workers == null) {
            portal = LocalPortal.open(gateway.portal(), options);
            log.warn("Samos runs calls in the gateway's own threads (samos.gateway.execution.mode=in-process): "
                    + "for trusted code only, a call that ignores its time limit keeps its thread");
        } else {
            // The gateway runs no user code: every call waits in the folder's queue for the worker JVMs, woken now.
            portal = LocalPortal.open(gateway.portal(), options.withWorkers(0), Clock.systemUTC(),
                    TaskRouting.allPublished(requested -> workers.wake()));
            workers.onSettled(portal::settledElsewhere); // callers wake as soon as a worker JVM settles
        }
        log.info("Samos standalone portal folder: {}", portal.folder());
        return portal;
    }

    static PortalOptions options(ExecutionProperties execution) {
        return PortalOptions.defaults()
                .withTimeLimitMillis(execution.timeLimit().toMillis())
                .withMaxTimeLimitMillis(execution.maxTimeLimit().toMillis())
                .withRetries(execution.maxTries(), PortalOptions.defaults().retryMillis())
                .withCallLimits(new CallLimits(execution.maxCallDepth(), execution.maxNestedCalls()));
    }
}
