package dev.samos.portalservice.cluster;

import dev.samos.portal.Portal;
import dev.samos.portal.PortalContract;
import dev.samos.portal.PortalOptions;
import dev.samos.portal.service.ServicePortal;
import java.net.URI;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The portal contract on the cluster's state: the portal engine in this JVM over portal-service's clients, and
 * portal-service over a real Redis and a real S3-compatible server — what a gateway or an executor runs.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ClusterPortalContractTest extends PortalContract {

    @DynamicPropertySource
    static void clusterBackend(DynamicPropertyRegistry registry) {
        RunningCluster.properties(registry);
    }

    @LocalServerPort
    int port;

    @Override
    protected Portal open() {
        return ServicePortal.open(URI.create("http://localhost:" + port), PortalOptions.defaults().withWorkers(2));
    }
}
