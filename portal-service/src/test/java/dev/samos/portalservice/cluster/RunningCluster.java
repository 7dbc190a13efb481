package dev.samos.portalservice.cluster;

import dev.samos.portalservice.testkit.RedisTestServer;
import dev.samos.portalservice.testkit.S3MockServer;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * portal-service on its {@code cluster} backend, against a real redis-server and a real S3-compatible server
 * (S3Mock), both started once for the test JVM on free ports and shared by every class that extends this; each such
 * class gets a bucket and a Redis key prefix of its own, so classes never see each other's state.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
public abstract class RunningCluster {

    private static final AtomicInteger TENANTS = new AtomicInteger();

    /** The servers, started at the first use and stopped when the JVM exits. */
    protected static final class Servers {
        static final RedisTestServer REDIS = RedisTestServer.start();
        static final S3MockServer S3 = S3MockServer.start();

        static {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                REDIS.close();
                S3.close();
            }));
        }

        private Servers() {
        }
    }

    @LocalServerPort
    protected int port;

    @DynamicPropertySource
    static void clusterBackend(DynamicPropertyRegistry registry) {
        properties(registry);
    }

    /** The cluster backend's properties on the shared servers, with a bucket and prefix of a new tenant. */
    public static void properties(DynamicPropertyRegistry registry) {
        int tenant = TENANTS.incrementAndGet();
        registry.add("samos.portal.backend", () -> "cluster");
        registry.add("samos.portal.s3.endpoint", () -> Servers.S3.endpoint().toString());
        registry.add("samos.portal.s3.bucket", () -> "samos-cluster-" + tenant);
        registry.add("samos.portal.s3.access-key", () -> S3MockServer.ACCESS_KEY);
        registry.add("samos.portal.s3.secret-key", () -> S3MockServer.SECRET_KEY);
        registry.add("samos.portal.redis.url", () -> "redis://127.0.0.1:" + Servers.REDIS.port());
        registry.add("samos.portal.index.prefix", () -> "samos-" + tenant + ":");
        registry.add("samos.portal.rebuild-check", () -> "500ms");
    }

    protected URI serviceUri() {
        return URI.create("http://localhost:" + port);
    }
}
