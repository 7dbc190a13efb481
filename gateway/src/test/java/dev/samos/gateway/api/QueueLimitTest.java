package dev.samos.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** With the swarm queue at its limit, swarm and batch are refused with 503 and Retry-After; calls still work. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class QueueLimitTest {

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) throws Exception {
        String folder = Files.createTempDirectory("samos-queue").toString();
        registry.add("samos.gateway.portal", () -> folder);
        registry.add("samos.gateway.max-pending", () -> "0");
    }

    @LocalServerPort
    int port;

    HttpResponse<String> post(String path, String body) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    @Test
    void aFullQueueRefusesNewSwarmsButNotCalls() throws Exception {
        String source = dev.samos.value.ValueJson.mapper().writeValueAsString(Map.of("source", GatewayApiTest.SQUARE));
        String fn = dev.samos.value.ValueJson.mapper().readTree(post("/api/v1/functions", source).body())
                .get("address").stringValue();
        HttpResponse<String> swarm = post("/api/v1/functions/" + fn + "/swarm", "{\"kwargs\": {\"x\": 1}}");
        assertThat(swarm.statusCode()).isEqualTo(503);
        assertThat(swarm.headers().firstValue("Retry-After")).contains("1");
        assertThat(swarm.body()).contains("queue-full").contains("samos.gateway.max-pending");
        assertThat(post("/api/v1/functions/" + fn + "/batch", "{\"calls\": [{\"x\": 1}]}").statusCode())
                .isEqualTo(503);
        assertThat(post("/api/v1/functions/" + fn + "/calls", "{\"kwargs\": {\"x\": 3}}").body())
                .contains("\"result\":9");
    }
}
