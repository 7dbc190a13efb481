package dev.samos.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class TokenAuthenticationTest {

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) throws Exception {
        String folder = Files.createTempDirectory("samos-auth").toString();
        registry.add("samos.gateway.portal", () -> folder);
        registry.add("samos.gateway.tokens", () -> "first-secret,second-secret");
    }

    @LocalServerPort
    int port;

    HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    @Test
    void theApiNeedsAValidBearerToken() throws Exception {
        HttpResponse<String> none = get("/api/v1/portal", null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(none.body()).contains("\"field\":\"Authorization\"");
        assertThat(get("/api/v1/portal", "Bearer wrong").statusCode()).isEqualTo(401);
        assertThat(get("/api/v1/portal", "Basic Zmlyc3Qtc2VjcmV0").statusCode()).isEqualTo(401);
        assertThat(get("/api/v1/portal", "Bearer first-secret").statusCode()).isEqualTo(200);
        assertThat(get("/api/v1/portal", "bearer second-secret").statusCode()).isEqualTo(200);
        assertThat(get("/actuator/health", null).statusCode()).isEqualTo(200);
    }

    @Test
    void withoutTokensOnlyLoopbackIsAllowed() {
        assertThat(SecurityConfiguration.isLoopback("127.0.0.1")).isTrue();
        assertThat(SecurityConfiguration.isLoopback("::1")).isTrue();
        assertThat(SecurityConfiguration.isLoopback("0.0.0.0")).isFalse();
        assertThat(SecurityConfiguration.isLoopback("")).isFalse();
    }
}
