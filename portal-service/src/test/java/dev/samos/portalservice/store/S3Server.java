package dev.samos.portalservice.store;

import dev.samos.portalservice.testkit.S3MockServer;
import java.net.URI;
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
 * A real S3-compatible server for a test class: the testkit's {@link S3MockServer}, started in this JVM the first time
 * a class asks and shared by every class after it, stopped when the test run ends (JUnit closes it with the root
 * context). Each class gets a bucket of its own and a client that counts the requests it sends by operation, e.g.
 * {@code ListObjectsV2Request}.
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
        S3MockServer server = context.getRoot().getStore(NAMESPACE)
                .computeIfAbsent(S3MockServer.class, type -> S3MockServer.start(), S3MockServer.class);
        endpoint = server.endpoint();
        client = client(endpoint, S3MockServer.ACCESS_KEY, S3MockServer.SECRET_KEY, requests);
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
}
