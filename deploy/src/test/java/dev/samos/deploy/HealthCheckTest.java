package dev.samos.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The image's health check script against a stand-in actuator: healthy only on 200 with status UP. */
class HealthCheckTest {

    @Test
    void healthyOnlyWhenTheActuatorAnswersUp() throws Exception {
        assertThat(statusWith(200, "{\"groups\":[\"liveness\",\"readiness\"],\"status\":\"UP\"}")).isZero();
        assertThat(statusWith(503, "{\"status\":\"DOWN\",\"components\":{\"s3\":{\"status\":\"UP\"}}}")).isNotZero();
        assertThat(statusWith(200, "{\"status\":\"OUT_OF_SERVICE\"}")).isNotZero();
        assertThat(HealthCheck.run(ImageTest.freePort())).as("nothing listening").isNotZero();
    }

    private static int statusWith(int code, String body) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/actuator/health", exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/vnd.spring-boot.actuator.v3+json");
            exchange.sendResponseHeaders(code, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        try {
            return HealthCheck.run(server.getAddress().getPort());
        } finally {
            server.stop(0);
        }
    }
}
