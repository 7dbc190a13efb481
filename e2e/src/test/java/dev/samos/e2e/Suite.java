package dev.samos.e2e;

import dev.samos.cluster.testkit.KafkaBroker;
import dev.samos.portalservice.testkit.S3MockServer;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The heavy servers, started once for the whole test run and shared by every test class: Redis, S3Mock and the
 * Kafka broker in this JVM, and portal-service (its packaged jar, {@code cluster} backend on that Redis and S3) as a
 * process. Each starts at its first use — a class that needs only the broker does not start portal-service — and
 * those that are asked for together start concurrently. All stop when the test run ends (JUnit closes them with its
 * root context; a JVM shutdown hook does it if the run is cut short).
 *
 * <p>Use it through {@link SwarmCluster}, or register it on a class that uses the servers directly:
 * {@code @ExtendWith(Suite.class)} and then {@code Suite.broker()}.
 *
 * <p>The suite's portal-service keeps its values in the bucket {@value #BUCKET} and its index under the Redis prefix
 * {@value #INDEX_PREFIX}; content addressing makes sharing it between classes safe. A test that kills or restarts a
 * portal-service starts one of its own with {@link #portalServiceBuilder(String, String, String)}.
 */
public final class Suite implements BeforeAllCallback {

    public static final String BUCKET = "samos-e2e";
    public static final String INDEX_PREFIX = "samos-e2e:";

    private static final Map<String, CompletableFuture<?>> STARTED = new LinkedHashMap<>();
    private static final ExecutorService STARTER = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "e2e-suite-start");
        thread.setDaemon(true);
        return thread;
    });
    private static boolean closed;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(Suite::close, "e2e-suite-stop"));
    }

    /** JUnit: closes the suite's servers when the whole run ends, after the last class. */
    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot().getStore(ExtensionContext.Namespace.create(Suite.class))
                .computeIfAbsent(Closer.class, type -> new Closer(), Closer.class);
    }

    public static RedisServer redis() {
        return join(redisAsync());
    }

    public static S3MockServer s3() {
        return join(s3Async());
    }

    public static KafkaBroker broker() {
        return join(brokerAsync());
    }

    /** portal-service from its jar on the suite's Redis and S3 (started with them if they are not running). */
    public static ServiceProcess portalService() {
        return join(portalServiceAsync());
    }

    public static URI portalServiceUri() {
        return portalService().baseUri();
    }

    /** Starts every server of the suite that is not running yet, concurrently, and waits for all. */
    public static void startAll() {
        CompletableFuture<KafkaBroker> broker = brokerAsync();
        CompletableFuture<ServiceProcess> portal = portalServiceAsync();
        join(broker);
        join(portal);
    }

    /**
     * A portal-service on the suite's Redis and S3 with a bucket and index prefix of its own, for a test that kills
     * or restarts it; {@code name} names its log. The caller starts it ({@code .start()}) and stops it.
     */
    public static ServiceProcess.Builder portalServiceBuilder(String name, String bucket, String indexPrefix) {
        return portalServiceBuilder(name, bucket, indexPrefix, redis(), s3());
    }

    private static ServiceProcess.Builder portalServiceBuilder(String name, String bucket, String indexPrefix,
            RedisServer redis, S3MockServer s3) {
        return ServiceProcess.jar(name, E2e.portalServiceJar())
                // Its graceful stop waits for open settled-news streams (up to their 15 s heartbeat) before it ends
                // them: the suite does not wait that long at the end of the run.
                .stopTimeout(Duration.ofSeconds(5))
                .args("--samos.portal.backend=cluster",
                        "--samos.portal.s3.endpoint=" + s3.endpoint(),
                        "--samos.portal.s3.bucket=" + bucket,
                        "--samos.portal.redis.url=" + redis.url(),
                        "--samos.portal.index.prefix=" + indexPrefix,
                        "--samos.portal.rebuild-check=1s",
                        // The s3 and redis health components, for tests and for reading a failure.
                        "--management.endpoint.health.show-details=always")
                // Credentials from the environment, as in production (portal-service/README.md).
                .env("SAMOS_PORTAL_S3_ACCESS_KEY", S3MockServer.ACCESS_KEY)
                .env("SAMOS_PORTAL_S3_SECRET_KEY", S3MockServer.SECRET_KEY);
    }

    private static CompletableFuture<RedisServer> redisAsync() {
        return lazily("redis", RedisServer::start);
    }

    private static CompletableFuture<S3MockServer> s3Async() {
        return lazily("s3", () -> {
            long started = System.nanoTime();
            S3MockServer server = S3MockServer.startUnder(E2e.target().resolve("e2e-work"));
            System.out.printf("[e2e] %s started in %.1f s%n", server, (System.nanoTime() - started) / 1e9);
            return server;
        });
    }

    private static CompletableFuture<KafkaBroker> brokerAsync() {
        return lazily("broker", KafkaBroker::start);
    }

    private static CompletableFuture<ServiceProcess> portalServiceAsync() {
        CompletableFuture<RedisServer> redis = redisAsync();
        CompletableFuture<S3MockServer> s3 = s3Async();
        // Settings a benchmark compares, e.g. -De2e.portalService.args=--samos.portal.outcome-pace=0s
        String[] extra = System.getProperty("e2e.portalService.args", "").trim().split("\\s+");
        return lazily("portal-service", () -> portalServiceBuilder("portal-service", BUCKET, INDEX_PREFIX,
                join(redis), join(s3)).args(extra[0].isEmpty() ? new String[0] : extra).start());
    }

    @SuppressWarnings("unchecked")
    private static synchronized <T> CompletableFuture<T> lazily(String key, Supplier<T> start) {
        if (closed) {
            throw new IllegalStateException("the suite's servers are stopped");
        }
        return (CompletableFuture<T>) STARTED.computeIfAbsent(key, k -> CompletableFuture.supplyAsync(start, STARTER));
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }

    /** Stops whatever started, the services first, then the servers they use; safe to call twice. */
    static void close() {
        List<CompletableFuture<?>> started;
        synchronized (Suite.class) {
            if (closed) {
                return;
            }
            closed = true;
            started = new ArrayList<>(STARTED.values());
        }
        long start = System.nanoTime();
        // Services before servers: portal-service must not see its Redis and S3 vanish first.
        started.sort((a, b) -> Boolean.compare(!(value(a) instanceof ServiceProcess),
                !(value(b) instanceof ServiceProcess)));
        for (CompletableFuture<?> future : started) {
            Object server = value(future);
            long one = System.nanoTime();
            try {
                if (server instanceof ServiceProcess process) {
                    process.stop();
                } else if (server instanceof AutoCloseable closeable) {
                    closeable.close();
                }
            } catch (Exception e) {
                System.err.println("[e2e] could not stop " + server + ": " + e);
            }
            if (server != null) {
                System.out.printf("[e2e] stopped %s in %.1f s%n", server, (System.nanoTime() - one) / 1e9);
            }
        }
        if (!started.isEmpty()) {
            System.out.printf("[e2e] suite servers stopped in %.1f s%n", (System.nanoTime() - start) / 1e9);
        }
    }

    private static Object value(CompletableFuture<?> future) {
        return future.isDone() && !future.isCompletedExceptionally() ? future.join() : null;
    }

    private static final class Closer implements AutoCloseable {
        @Override
        public void close() {
            Suite.close();
        }
    }
}
