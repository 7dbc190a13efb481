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
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.MinIOContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The portal contract on the cluster backend over the servers a cluster runs — Redis 7 and MinIO from their images —
 * instead of the in-JVM stand-ins (embedded redis-server 6.2, S3Mock) of {@link ClusterPortalContractTest}. Needs
 * Docker; skipped where there is none.
 */
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ClusterContainersTest extends PortalContract {

    @Container
    static final GenericContainer<?> REDIS = new GenericContainer<>("redis:7").withExposedPorts(6379);

    @Container
    static final MinIOContainer MINIO = new MinIOContainer("minio/minio:RELEASE.2025-09-07T16-13-09Z");

    @DynamicPropertySource
    static void clusterBackend(DynamicPropertyRegistry registry) {
        registry.add("samos.portal.backend", () -> "cluster");
        registry.add("samos.portal.s3.endpoint", MINIO::getS3URL);
        registry.add("samos.portal.s3.bucket", () -> "samos-containers");
        registry.add("samos.portal.s3.access-key", MINIO::getUserName);
        registry.add("samos.portal.s3.secret-key", MINIO::getPassword);
        registry.add("samos.portal.redis.url",
                () -> "redis://" + REDIS.getHost() + ":" + REDIS.getMappedPort(6379));
        registry.add("samos.portal.index.prefix", () -> "samos:");
        registry.add("samos.portal.rebuild-check", () -> "500ms");
    }

    @LocalServerPort
    int port;

    @Override
    protected Portal open() {
        return ServicePortal.open(URI.create("http://localhost:" + port), PortalOptions.defaults().withWorkers(2));
    }
}
