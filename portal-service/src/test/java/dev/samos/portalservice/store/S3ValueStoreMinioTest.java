package dev.samos.portalservice.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samos.address.ValueAddress;
import dev.samos.store.ValueStore;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.MinIOContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The contract against MinIO, the S3 server a cluster runs, in Docker; skipped where there is no Docker. Also what
 * S3Mock cannot show: that the conditional PUT decides between writers that share no JVM.
 */
@Testcontainers(disabledWithoutDocker = true)
class S3ValueStoreMinioTest extends S3ValueStoreContract {

    @Container
    static final MinIOContainer MINIO = new MinIOContainer("minio/minio:RELEASE.2025-09-07T16-13-09Z");

    private static S3Client s3;

    @BeforeAll
    static void createBucket() {
        s3 = S3Server.client(URI.create(MINIO.getS3URL()), MINIO.getUserName(), MINIO.getPassword(), null);
        s3.createBucket(b -> b.bucket("samos-minio"));
    }

    @AfterAll
    static void closeClient() {
        if (s3 != null) {
            s3.close();
        }
    }

    @Override
    S3Client s3() {
        return s3;
    }

    @Override
    String bucket() {
        return "samos-minio";
    }

    /** Two stores on one prefix stand for two portal-service instances: each value is created, and counted, once. */
    @Test
    void storesThatShareNothingButTheBucketCreateEachValueOnce() throws Exception {
        S3Location shared = new S3Location(bucket(), "shared-" + System.nanoTime());
        Map<ValueAddress, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < 50; i++) {
            values.put(ValueAddress.of(List.of("raced", i)), List.of("raced", i));
        }
        StoreTally tally = StoreTally.inMemory(); // as a Redis tally would be: one count for the cluster
        CyclicBarrier start = new CyclicBarrier(threads());
        List<Future<?>> done = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads())) {
            for (int i = 0; i < threads(); i++) {
                done.add(pool.submit(() -> {
                    try (ValueStore instance = new S3ValueStore(s3, shared, tally)) {
                        start.await();
                        instance.putAll(values);
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        }
        try (S3ValueStore reader = new S3ValueStore(s3, shared, tally)) {
            assertThat(tally.read()).isEqualTo(reader.recount());
            assertThat(tally.read().values()).isEqualTo(50);
        }
    }
}
