package dev.samos.cluster;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where a cluster JVM finds the cluster's shared state ({@code samos.cluster.*}).
 *
 * @param portalService the URI of portal-service (values in S3, the execution index in Redis), e.g.
 *        {@code http://portal-service:8081}
 */
@ConfigurationProperties("samos.cluster")
public record ClusterProperties(URI portalService) {

    public ClusterProperties {
        if (portalService == null) {
            throw new IllegalArgumentException("samos.cluster.portal-service is not set: the URI of portal-service, "
                    + "e.g. http://portal-service:8081");
        }
    }
}
