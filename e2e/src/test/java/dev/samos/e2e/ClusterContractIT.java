package dev.samos.e2e;

import dev.samos.portal.Portal;
import dev.samos.portal.PortalContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The portal contract (and with it the README's examples) through the Java client against the cluster: the gateway
 * on its cluster profile, portal-service on Redis and S3, two executors from their packaged jars, Kafka between
 * them. Every call the contract makes runs on an executor.
 */
class ClusterContractIT extends PortalContract {

    @RegisterExtension
    static final SwarmCluster CLUSTER = SwarmCluster.builder()
            .gateway().gatewayArgs(E2eCluster.GATEWAY_ARGS)
            .executorArgs(E2eCluster.EXECUTOR_ARGS)
            .executors(2)
            .build();

    @Override
    protected Portal open() {
        return Portal.remote(CLUSTER.gatewayUri(), E2eCluster.TOKEN);
    }
}
