package dev.samos.portalservice.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samos.address.ValueAddress;
import dev.samos.codec.StorageCodec;
import dev.samos.index.ExecutionIndex;
import dev.samos.portal.PortalStorageException;
import dev.samos.portal.service.IndexCall;
import dev.samos.portal.service.ServiceExecutionIndex;
import dev.samos.portal.service.ServiceOptions;
import dev.samos.portal.service.ServiceProtocol;
import dev.samos.portal.service.ServiceValueStore;
import dev.samos.store.ValueStore;
import java.lang.reflect.Proxy;
import java.net.ConnectException;
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
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

/**
 * A backend that fails (the Redis or S3 behind the service is down) is a 503 problem, and the client raises
 * {@link PortalStorageException} naming the service and the operation; so is a service that is not there at all.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "samos.portal.backend=cluster")
class BackendDownTest {

    @LocalServerPort
    int port;

    /** Beans standing in for a cluster backend whose servers refuse connections. */
    @TestConfiguration(proxyBeanMethods = false)
    static class DownBackend {

        @Bean
        @org.springframework.context.annotation.Primary
        ValueStore downValueStore() {
            return down(ValueStore.class);
        }

        @Bean
        @org.springframework.context.annotation.Primary
        ExecutionIndex downExecutionIndex() {
            return down(ExecutionIndex.class);
        }

        private static <T> T down(Class<T> type) {
            return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "close" -> null;
                        case "toString", "location" -> "down " + type.getSimpleName();
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        default -> throw new PortalStorageException("backend refused " + method.getName(),
                                new ConnectException("Connection refused"));
                    }));
        }
    }

    private URI service() {
        return URI.create("http://localhost:" + port);
    }

    @Test
    void aFailingBackendIs503ProblemJson() throws Exception {
        StorageCodec codec = new StorageCodec();
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                            service().resolve(ServiceProtocol.INDEX + "/counts"))
                    .header("Content-Type", ServiceProtocol.CONTENT_TYPE)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(codec.encode(new IndexCall.Counts(0)))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(response.body()).contains(ServiceProtocol.PROBLEM_BACKEND_UNAVAILABLE)
                    .contains("backend refused counts");
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
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        URI nowhere = URI.create("http://localhost:" + closedPort);
        ServiceOptions quick = ServiceOptions.defaults().withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5));
        try (ExecutionIndex index = new ServiceExecutionIndex(nowhere, quick)) {
            assertThatThrownBy(() -> index.counts(0))
                    .isInstanceOf(PortalStorageException.class)
                    .hasMessageContaining(nowhere.toString()).hasMessageContaining("unreachable")
                    .hasMessageContaining("index counts");
        }
    }
}
