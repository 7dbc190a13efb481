package dev.samos.portalservice.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samos.address.ValueAddress;
import dev.samos.index.ExecutionIndex;
import dev.samos.portal.PortalStorageException;
import dev.samos.portal.service.IndexCall;
import dev.samos.portal.service.ServiceExecutionIndex;
import dev.samos.portal.service.ServiceOptions;
import dev.samos.portal.service.ServiceProtocol;
import dev.samos.portal.service.ServiceValueStore;
import dev.samos.store.ValueStore;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The cluster backend with its Redis and its S3 down (both at ports where nothing listens): every operation is a 503
 * problem, and the clients raise {@link PortalStorageException} naming the service and the operation; so is a
 * service that is not there at all.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class BackendDownTest {

    private static final int NOTHING_HERE = closedPort();

    @DynamicPropertySource
    static void serversThatAreDown(DynamicPropertyRegistry registry) {
        registry.add("samos.portal.backend", () -> "cluster");
        registry.add("samos.portal.s3.endpoint", () -> "http://127.0.0.1:" + NOTHING_HERE);
        registry.add("samos.portal.s3.access-key", () -> "samos");
        registry.add("samos.portal.s3.secret-key", () -> "samos-secret");
        registry.add("samos.portal.redis.url", () -> "redis://127.0.0.1:" + NOTHING_HERE);
        registry.add("samos.portal.rebuild-check", () -> "1h");
        // Fail at once rather than after the production retries and timeouts.
        registry.add("samos.portal.s3.max-attempts", () -> "1");
        registry.add("spring.data.redis.connect-timeout", () -> "500ms");
        registry.add("spring.data.redis.timeout", () -> "1s");
    }

    @LocalServerPort
    int port;

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private URI service() {
        return URI.create("http://localhost:" + port);
    }

    @Test
    void aFailingBackendIs503ProblemJson() throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                            service().resolve(ServiceProtocol.INDEX + "/counts"))
                    .header("Content-Type", ServiceProtocol.CONTENT_TYPE)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(ServiceProtocol.WIRE.encode(new IndexCall.Counts(0))))
                    .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(response.body()).contains(ServiceProtocol.PROBLEM_BACKEND_UNAVAILABLE);
        }
    }

    @Test
    void theClientsRaisePortalStorageExceptionNamingServiceAndOperation() {
        try (ValueStore values = new ServiceValueStore(service(), ServiceOptions.defaults());
                ExecutionIndex index = new ServiceExecutionIndex(service(), ServiceOptions.defaults())) {
            assertThatThrownBy(() -> values.put("a value"))
                    .isInstanceOf(PortalStorageException.class)
                    .hasMessageContaining(service().toString()).hasMessageContaining("put value")
                    .hasMessageContaining("503");
            assertThatThrownBy(() -> values.getAll(List.of(ValueAddress.of(1L), ValueAddress.of(2L))))
                    .isInstanceOf(PortalStorageException.class).hasMessageContaining("get 2 values");
            assertThatThrownBy(() -> index.claimNext("me", 1_000, 5))
                    .isInstanceOf(PortalStorageException.class).hasMessageContaining("index claim-next");
        }
    }

    @Test
    void aServiceThatIsNotThereIsAPortalStorageException() throws Exception {
        URI nowhere = URI.create("http://localhost:" + closedPort());
        ServiceOptions quick = ServiceOptions.defaults().withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5));
        try (ExecutionIndex index = new ServiceExecutionIndex(nowhere, quick)) {
            assertThatThrownBy(() -> index.counts(0))
                    .isInstanceOf(PortalStorageException.class)
                    .hasMessageContaining(nowhere.toString()).hasMessageContaining("unreachable")
                    .hasMessageContaining("index counts");
        }
    }
}
