package dev.samos.e2e;

import com.adobe.testing.s3mock.S3MockApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3-compatible server in this JVM: S3Mock 5.2.0 on a free port (about 7 s to start), its objects in a
 * temporary folder under {@code e2e/target}. Started as portal-service's tests start it ({@code S3Server} there):
 * settings as arguments, not as the map, so no {@code application.properties} on the class path can override them.
 */
public final class S3MockServer implements AutoCloseable {

    /** S3Mock accepts any credentials; portal-service is given these. */
    public static final String ACCESS_KEY = "test";
    public static final String SECRET_KEY = "test";

    private final S3MockApplication application;
    private final URI endpoint;
    private final Path root;

    private S3MockServer(S3MockApplication application, URI endpoint, Path root) {
        this.application = application;
        this.endpoint = endpoint;
        this.root = root;
    }

    public static S3MockServer start() {
        long started = System.nanoTime();
        Path root;
        try {
            root = Files.createTempDirectory(Files.createDirectories(E2e.target().resolve("e2e-work")), "s3mock-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String[] args = {
                "--spring.config.name=s3mock-in-e2e",
                "--server.port=0",
                "--http.port=0",
                "--com.adobe.testing.s3mock.httpPort=0",
                "--com.adobe.testing.s3mock.vectors.httpPort=0",
                "--com.adobe.testing.s3mock.vectors.httpsPort=0",
                "--com.adobe.testing.s3mock.store.root=" + root,
                "--com.adobe.testing.s3mock.store.retainFilesOnExit=false",
                "--com.adobe.testing.s3mock.store.region=us-east-1",
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
        S3MockServer server = new S3MockServer(application,
                URI.create("http://127.0.0.1:" + application.getHttpPort()), root);
        System.out.printf("[e2e] %s started in %.1f s%n", server, (System.nanoTime() - started) / 1e9);
        return server;
    }

    /** {@code http://127.0.0.1:<port>}: path-style S3. */
    public URI endpoint() {
        return endpoint;
    }

    /** A path-style client of this server; the caller closes it. */
    public S3Client client() {
        return S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY,
                        SECRET_KEY)))
                .forcePathStyle(true)
                .build();
    }

    @Override
    public void close() {
        application.stop();
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder under target: clean will take it
        }
    }

    @Override
    public String toString() {
        return "S3Mock " + endpoint;
    }
}
