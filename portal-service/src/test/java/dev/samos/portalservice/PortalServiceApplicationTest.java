package dev.samos.portalservice;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** Starts the real server on a free port and asks it over HTTP whether it is healthy. */
class PortalServiceApplicationTest extends RunningService {

    @Test
    void answersHealthOverHttp() throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(serviceUri().resolve("/actuator/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("\"status\":\"UP\"");
        }
    }

    /** The Helm chart's startup, liveness and readiness probes (helm/samos) ask these. */
    @Test
    void answersLivenessAndReadinessProbes() throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            for (String probe : new String[] {"/actuator/health/liveness", "/actuator/health/readiness"}) {
                HttpResponse<String> response = http.send(
                        HttpRequest.newBuilder(serviceUri().resolve(probe)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as(probe).isEqualTo(200);
                assertThat(response.body()).as(probe).contains("\"status\":\"UP\"");
            }
        }
    }
}
