package dev.samos.portalservice.store;

import com.adobe.testing.s3mock.S3MockApplication;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3-compatible server for a test class: S3Mock, started in this JVM on a free port the first time a class
 * asks (about 7 s) and shared by every class after it, stopped when the test run ends. Each class gets a bucket of its
 * own and a client that counts the requests it sends by operation, e.g. {@code ListObjectsV2Request}.
 *
 * <pre>{@code @RegisterExtension static final S3Server S3 = new S3Server();}</pre>
 */
public final class S3Server implements BeforeAllCallback, AfterAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(S3Server.class);
    private static final AtomicInteger BUCKETS = new AtomicInteger();

    private final Map<String, AtomicInteger> requests = new java.util.concurrent.ConcurrentHashMap<>();
    private URI endpoint;
    private S3Client client;
    private String bucket;

    @Override
    public void beforeAll(ExtensionContext context) {
        Running server = context.getRoot().getStore(NAMESPACE)
                .computeIfAbsent(Running.class, type -> Running.start(), Running.class);
        endpoint = server.endpoint;
        client = client(endpoint, "test", "test", requests);
        bucket = "samos-" + context.getRequiredTestClass().getSimpleName().toLowerCase() + "-"
                + BUCKETS.incrementAndGet();
        client.createBucket(b -> b.bucket(bucket));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (client != null) {
            client.close();
        }
    }

    S3Client client() {
        return client;
    }

    String bucket() {
        return bucket;
    }

    URI endpoint() {
        return endpoint;
    }

    /** How many requests of the kind (the SDK's request class name, e.g. {@code PutObjectRequest}) were sent. */
    int requests(String kind) {
        AtomicInteger n = requests.get(kind);
        return n == null ? 0 : n.get();
    }

    /** A path-style client for an S3-compatible endpoint; counts requests into {@code requests} when given. */
    static S3Client client(URI endpoint, String user, String password, Map<String, AtomicInteger> requests) {
        return S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(user, password)))
                .forcePathStyle(true)
                .overrideConfiguration(o -> o.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeExecution(Context.BeforeExecution execution, ExecutionAttributes attributes) {
                        if (requests != null) {
                            requests.computeIfAbsent(execution.request().getClass().getSimpleName(),
                                    k -> new AtomicInteger()).incrementAndGet();
                        }
                    }
                }))
                .build();
    }

    /** The one server of the test run; JUnit closes it with the root context. */
    public record Running(S3MockApplication application, URI endpoint, Path root) implements AutoCloseable {

        public static Running start() {
            try {
                Path root = Files.createTempDirectory("s3mock-");
                // As arguments, not as the map: the map becomes Spring's default properties, which portal-service's
                // own application.properties (first on the class path, so S3Mock's is never read) would override.
                // S3Mock's application.properties is repeated here for the same reason.
                String[] args = {
                        "--spring.config.name=s3mock-in-tests",
                        "--server.port=0",
                        "--http.port=0",
                        "--com.adobe.testing.s3mock.httpPort=0",
                        "--com.adobe.testing.s3mock.vectors.httpPort=0",
                        "--com.adobe.testing.s3mock.vectors.httpsPort=0",
                        "--com.adobe.testing.s3mock.store.root=" + root,
                        "--com.adobe.testing.s3mock.store.retainFilesOnExit=false",
                        "--com.adobe.testing.s3mock.store.region=us-east-1",
                        // The contract stores values of several MB; S3Mock's own limit is 10 MB per request.
                        "--com.adobe.testing.s3mock.max-payload-size=64MB",
                        "--server.tomcat.max-part-count=-1",
                        "--server.tomcat.max-swallow-size=64MB",
                        "--server.tomcat.max-http-form-post-size=64MB",
                        "--spring.servlet.multipart.max-file-size=64MB",
                        "--spring.servlet.multipart.max-request-size=64MB",
                        "--spring.jmx.enabled=false",
                        "--spring.main.lazy-initialization=true",
                        "--spring.main.banner-mode=off",
                        "--management.endpoints.web.discovery.enabled=false",
                        "--management.endpoints.access.default=none",
                        "--logging.level.root=WARN",
                        "--logging.level.org.springframework.web.servlet.mvc.method.annotation"
                                + ".ExceptionHandlerExceptionResolver=ERROR",
                };
                Map<String, Object> properties = new HashMap<>(); // S3Mock writes into it: it must be mutable
                properties.put(S3MockApplication.PROP_SILENT, true);
                S3MockApplication application = S3MockApplication.start(properties, args);
                return new Running(application, URI.create("http://localhost:" + application.getHttpPort()), root);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws Exception {
            application.stop();
            try (var files = Files.walk(root)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
