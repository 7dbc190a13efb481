package dev.samos.executor.config;

import dev.samos.cluster.ClusterProperties;
import dev.samos.cluster.tasks.KafkaTaskPublisher;
import dev.samos.cluster.tasks.TaskTopicsConfiguration;
import dev.samos.executor.task.InProcessTasks;
import dev.samos.executor.task.TaskRunner;
import dev.samos.executor.worker.OfferedResources;
import dev.samos.executor.worker.WorkerJvms;
import dev.samos.function.Resources;
import dev.samos.portal.PortalEngine;
import dev.samos.portal.PortalOptions;
import dev.samos.portal.TaskRouting;
import dev.samos.portal.service.ServiceOptions;
import dev.samos.portal.service.ServicePortal;
import dev.samos.swarm.WorkerProcesses;
import dev.samos.validator.SystemResources;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * An executor's portal — the one portal engine over portal-service (values in S3, the index in Redis), running no
 * worker threads of its own, since its tasks come from the task topic — and where those tasks run: in worker JVMs
 * that open the same portal (the default), or in this JVM.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ExecutorProperties.class, ClusterProperties.class})
@Import(TaskTopicsConfiguration.class)
public class ExecutorConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ExecutorConfiguration.class);

    /** No worker threads of the engine's own (tasks come from the topic), and the executor's lease, tries and limit. */
    public static PortalOptions portalOptions(ExecutorProperties executor) {
        PortalOptions options = PortalOptions.defaults().withWorkers(0).withRunInCaller(false)
                .withLeaseMillis(executor.leaseMillis()).withRetries(executor.maxTries(), executor.retryMillis())
                .withTimeLimitMillis(executor.timeLimit().toMillis())
                .withMaxTimeLimitMillis(executor.maxTimeLimit().toMillis());
        return executor.exitWhenUnhealthy() ? options.exitingWhenUnhealthy() : options;
    }

    @Bean
    Resources offeredResources(ExecutorProperties executor) {
        ExecutorProperties.Offered offered = executor.resources();
        return new OfferedResources(SystemResources.instance(), offered.gpus(), offered.maxRamBytes(),
                offered.maxCores());
    }

    @Bean(destroyMethod = "close")
    PortalEngine portal(ClusterProperties cluster, ExecutorProperties executor, KafkaTaskPublisher publisher,
            Resources resources) {
        return ServicePortal.open(cluster.portalService(), portalOptions(executor), ServiceOptions.defaults(),
                TaskRouting.published(publisher), resources);
    }

    /** Which portal the worker JVMs open: portal-service, as this JVM's engine does. */
    @Bean
    WorkerPortal workerPortal(ClusterProperties cluster) {
        return new WorkerPortal(List.of("--portal-service", cluster.portalService().toString()));
    }

    /** Where tasks run; stopped after the task records are (the deliveries' lifecycle ends first). */
    @Bean(destroyMethod = "close")
    TaskRunner taskRunner(ExecutorProperties executor, PortalEngine portal, WorkerPortal workerPortal,
            KafkaTaskPublisher publisher) {
        ExecutorProperties.Execution execution = executor.execution();
        if (execution.mode() == ExecutorProperties.Execution.Mode.IN_PROCESS) {
            log.warn("Samos runs tasks in the executor's own threads (samos.executor.execution.mode=in-process): "
                    + "for trusted code only");
            return new InProcessTasks(portal);
        }
        int threads = Math.max(1, (executor.concurrency() + execution.workers() - 1) / execution.workers());
        List<String> arguments = new ArrayList<>(workerPortal.arguments());
        arguments.addAll(List.of("--threads", Integer.toString(threads)));
        ExecutorProperties.Offered offered = executor.resources();
        if (offered.gpus() != null) {
            arguments.addAll(List.of("--gpus", offered.gpus().toString()));
        }
        if (offered.maxRamBytes() != null) {
            arguments.addAll(List.of("--max-ram-bytes", offered.maxRamBytes().toString()));
        }
        if (offered.maxCores() != null) {
            arguments.addAll(List.of("--max-cores", offered.maxCores().toString()));
        }
        WorkerJvms workers = WorkerJvms.start(new WorkerProcesses.Settings(execution.workers(), threads,
                execution.workerHeap(), Map.of(
                        "samos.leaseMillis", Long.toString(executor.leaseMillis()),
                        "samos.maxTries", Integer.toString(executor.maxTries()),
                        "samos.retryMillis", Long.toString(executor.retryMillis()),
                        "samos.timeLimitMillis", Long.toString(executor.timeLimit().toMillis()),
                        "samos.maxTimeLimitMillis", Long.toString(executor.maxTimeLimit().toMillis()),
                        "samos.exitWhenUnhealthy", "true",
                        "samos.shutdownGraceMillis", Long.toString(executor.shutdownGrace().toMillis()),
                        // Records and dead letters name the executor (host/pid) that ran a task.
                        "samos.workerIdPrefix", portal.workerId().substring(0, portal.workerId().lastIndexOf('/')))),
                arguments, publisher);
        log.info("Samos runs tasks in {} worker JVM(s) of {} thread(s), heap {} each, time limit {}",
                execution.workers(), threads, execution.workerHeap(), executor.timeLimit());
        return workers;
    }

    /**
     * The arguments that tell a worker JVM which portal to open ({@code --portal-service URI}, or {@code --folder DIR}
     * for an executor on a local folder, as in tests).
     */
    public record WorkerPortal(List<String> arguments) {
        public WorkerPortal {
            arguments = List.copyOf(arguments);
        }
    }
}
