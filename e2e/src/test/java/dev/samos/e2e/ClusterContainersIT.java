package dev.samos.e2e;

import dev.samos.portal.Portal;
import dev.samos.portal.PortalContract;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.MinIOContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The portal contract on the cluster with its servers from their images — the official {@code apache/kafka}
 * (KRaft, share groups on), Redis and MinIO — where Docker runs; skipped where it does not (as on the development
 * machines: there {@link ClusterContractIT} runs the same contract on in-JVM and embedded servers).
 */
@Testcontainers(disabledWithoutDocker = true)
class ClusterContainersIT extends PortalContract {

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.2.1")
            .withEnv("KAFKA_GROUP_SHARE_ENABLE", "true")
            .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR", "1")
            .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR", "1");

    @Container
    static final GenericContainer<?> REDIS = new GenericContainer<>("redis:7").withExposedPorts(6379);

    @Container
    static final MinIOContainer MINIO = new MinIOContainer("minio/minio:RELEASE.2025-09-07T16-13-09Z");

    static final List<ServiceProcess> SERVICES = new ArrayList<>();
    static ServiceProcess gateway;

    @BeforeAll
    static void services() {
        ServiceProcess portalService = start(ServiceProcess.jar("containers-portal-service", E2e.portalServiceJar())
                .args("--samos.portal.backend=cluster", "--samos.portal.s3.endpoint=" + MINIO.getS3URL(),
                        "--samos.portal.s3.bucket=samos",
                        "--samos.portal.redis.url=redis://" + REDIS.getHost() + ":" + REDIS.getMappedPort(6379))
                .env("SAMOS_PORTAL_S3_ACCESS_KEY", MINIO.getUserName())
                .env("SAMOS_PORTAL_S3_SECRET_KEY", MINIO.getPassword()));
        String[] cluster = {"--samos.cluster.portal-service=" + portalService.baseUri(),
                "--spring.kafka.bootstrap-servers=" + KAFKA.getBootstrapServers()};
        for (int i = 1; i <= 2; i++) {
            start(ServiceProcess.jar("containers-executor-" + i, E2e.executorServiceJar()).args(cluster)
                    .args(E2eCluster.EXECUTOR_ARGS));
        }
        gateway = start(ServiceProcess.jar("containers-gateway", E2e.gatewayJar())
                .args("--spring.profiles.active=cluster").args(cluster).args(E2eCluster.GATEWAY_ARGS));
    }

    private static ServiceProcess start(ServiceProcess.Builder builder) {
        ServiceProcess service = builder.start();
        SERVICES.add(service);
        return service;
    }

    @AfterAll
    static void stop() {
        SERVICES.reversed().forEach(ServiceProcess::close);
    }

    @Override
    protected Portal open() {
        return Portal.remote(gateway.baseUri(), E2eCluster.TOKEN);
    }
}
