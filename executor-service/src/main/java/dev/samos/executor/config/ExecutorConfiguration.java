package dev.samos.executor.config;

import dev.samos.cluster.ClusterProperties;
import dev.samos.cluster.tasks.KafkaTaskPublisher;
import dev.samos.cluster.tasks.TaskTopicsConfiguration;
import dev.samos.function.Resources;
import dev.samos.portal.PortalEngine;
import dev.samos.portal.PortalOptions;
import dev.samos.portal.TaskRouting;
import dev.samos.portal.service.ServiceOptions;
import dev.samos.portal.service.ServicePortal;
import dev.samos.validator.SystemResources;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * An executor's portal: the one portal engine over portal-service (values in S3, the index in Redis), running no
 * worker threads of its own — its tasks come from the task topic — and publishing what its functions swarm.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ExecutorProperties.class, ClusterProperties.class})
@Import(TaskTopicsConfiguration.class)
public class ExecutorConfiguration {

    /** No worker threads of the engine's own (tasks come from the topic), and the executor's lease, tries and limit. */
    public static PortalOptions portalOptions(ExecutorProperties executor) {
        PortalOptions options = PortalOptions.defaults().withWorkers(0).withRunInCaller(false)
                .withLeaseMillis(executor.leaseMillis()).withRetries(executor.maxTries(), executor.retryMillis())
                .withTimeLimitMillis(executor.timeLimit().toMillis());
        return executor.exitWhenUnhealthy() ? options.exitingWhenUnhealthy() : options;
    }

    @Bean
    Resources offeredResources(ExecutorProperties executor) {
        return new OfferedResources(SystemResources.instance(), executor.resources());
    }

    @Bean(destroyMethod = "close")
    PortalEngine portal(ClusterProperties cluster, ExecutorProperties executor, KafkaTaskPublisher publisher,
            Resources resources) {
        return ServicePortal.open(cluster.portalService(), portalOptions(executor), ServiceOptions.defaults(),
                TaskRouting.published(publisher), resources);
    }
}
