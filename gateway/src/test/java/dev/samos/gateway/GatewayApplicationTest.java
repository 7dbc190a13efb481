package dev.samos.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Starts the real server on a free port and asks it over HTTP whether it is healthy. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class GatewayApplicationTest {

    @org.springframework.test.context.DynamicPropertySource
    static void portalFolder(org.springframework.test.context.DynamicPropertyRegistry registry) throws Exception {
        String folder = java.nio.file.Files.createTempDirectory("samos-health").toString();
        registry.add("samos.gateway.portal", () -> folder);
    }

    @LocalServerPort
    int port;

    @Test
    void answersHealthOverHttp() throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("\"status\":\"UP\"");
            for (String probe : new String[] {"/actuator/health/readiness", "/actuator/health/liveness"}) {
                HttpResponse<String> state = http.send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + probe)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(state.statusCode()).as(probe).isEqualTo(200);
                assertThat(state.body()).contains("\"status\":\"UP\"");
            }
        }
    }
}
