package dev.samos.portalservice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samos.index.ExecutionIndex;
import dev.samos.portalservice.index.RedisExecutionIndex;
import dev.samos.portalservice.index.RedisTestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Starts the real server on a free port, with a real Redis beside it, and asks it over HTTP whether it is healthy
 * (Redis included: its health is part of the answer).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class PortalServiceApplicationTest {

    private static final RedisTestServer REDIS = RedisTestServer.start();

    @DynamicPropertySource
    static void redis(DynamicPropertyRegistry properties) {
        properties.add("spring.data.redis.host", () -> "127.0.0.1");
        properties.add("spring.data.redis.port", REDIS::port);
    }

    @AfterAll
    static void stopRedis() {
        REDIS.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    ExecutionIndex index;

    @Test
    void answersHealthOverHttp() throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("\"status\":\"UP\"");
        }
    }

    @Test
    void itsExecutionIndexIsRedis() {
        assertThat(index).isInstanceOf(RedisExecutionIndex.class);
        assertThat(index.queueDepth()).isZero();
    }
}
