package dev.samos.portalservice.testkit;

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
 * A real S3-compatible server in this JVM for tests: S3Mock on a free port (about 7 s to start), its objects in a
 * temporary folder that {@link #close()} deletes. portal-service's tests and e2e's suite both start it from here
 * (portal-service's test-jar); the module using it declares {@code com.adobe.testing:s3mock} and the AWS S3 client
 * itself, as a test-jar brings no test dependencies.
 */
public final class S3MockServer implements AutoCloseable {

    /** S3Mock accepts any credentials; these are the ones the tests give their clients and portal-service. */
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

    /** Starts one with its objects in a new folder under the system's temporary folder. */
    public static S3MockServer start() {
        try {
            return start(Files.createTempDirectory("s3mock-"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts one with its objects in a new folder under {@code parent} (created if missing). */
    public static S3MockServer startUnder(Path parent) {
        try {
            return start(Files.createTempDirectory(Files.createDirectories(parent), "s3mock-"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static S3MockServer start(Path root) {
        // As arguments, not as the map: the map becomes Spring's default properties, which the application.properties
        // first on the class path (portal-service's own, so S3Mock's is never read) would override. S3Mock's
        // application.properties is repeated here for the same reason.
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
        return new S3MockServer(application, URI.create("http://127.0.0.1:" + application.getHttpPort()), root);
    }

    /** {@code http://127.0.0.1:<port>}: path-style S3. */
    public URI endpoint() {
        return endpoint;
    }

    /** A path-style client of this server with {@link #ACCESS_KEY}; the caller closes it. */
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
            // a temporary folder: what is left there is the system's to clean
        }
    }

    @Override
    public String toString() {
        return "S3Mock " + endpoint;
    }
}
