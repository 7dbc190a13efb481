package dev.samos.gateway.config;

import dev.samos.cluster.ClusterProperties;
import dev.samos.cluster.tasks.KafkaTaskPublisher;
import dev.samos.cluster.tasks.TaskTopicsConfiguration;
import dev.samos.portal.Portal;
import dev.samos.portal.PortalEngine;
import dev.samos.portal.PortalOptions;
import dev.samos.portal.TaskRouting;
import dev.samos.portal.service.ServiceOptions;
import dev.samos.portal.service.ServicePortal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Profile;

/**
 * The cluster profile: the same API over portal-service's index and values (Redis, S3), every call published to
 * the task topic and run by the executors — the gateway runs no user code. Identical calls through several gateway
 * replicas are one task: the index's request says which one was first, and only that one publishes. Callers waiting
 * for a result are woken by portal-service's settled news.
 */
@Configuration(proxyBeanMethods = false)
@Profile("cluster")
// ExecutionProperties for its max-time-limit: the most a request may ask as a time limit, on either profile.
@EnableConfigurationProperties({ClusterProperties.class, ExecutionProperties.class})
@Import(TaskTopicsConfiguration.class)
public class ClusterPortalConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ClusterPortalConfiguration.class);

    @Bean(destroyMethod = "close")
    public Portal portal(ClusterProperties cluster, KafkaTaskPublisher publisher) {
        PortalEngine portal = ServicePortal.open(cluster.portalService(),
                PortalOptions.defaults().withWorkers(0).withRunInCaller(false), ServiceOptions.defaults(),
                TaskRouting.allPublished(publisher));
        log.info("Samos cluster gateway on portal-service {}", cluster.portalService());
        return portal;
    }
}
