package dev.samos.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import dev.samos.value.ValueJson;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
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
        return send("GET", path, null, authorization);
    }

    HttpResponse<String> send(String method, String path, String json, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json))
                .header("Content-Type", "application/json");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    /**
     * The event stream is carried by async dispatches after the request's own: with a token configured they were
     * denied (the stream broke after its first event, four ERROR stack traces per request).
     */
    @Test
    void anEventStreamRunsToItsEndWithAToken(CapturedOutput output) throws Exception {
        String square = "public final class Square implements dev.samos.function.PureFunction { public Object "
                + "call(dev.samos.function.Kwargs kwargs) { long x = kwargs.getLong(\"x\"); return x * x; } }";
        HttpResponse<String> created = send("POST", "/api/v1/functions",
                ValueJson.mapper().writeValueAsString(Map.of("source", square)), "Bearer first-secret");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String function = ValueJson.mapper().readTree(created.body()).get("address").stringValue();
        HttpResponse<String> swarmed = send("POST", "/api/v1/functions/" + function + "/swarm",
                "{\"kwargs\": {\"x\": 5}}", "Bearer first-secret");
        assertThat(swarmed.statusCode()).as(swarmed.body()).isEqualTo(202);
        String location = swarmed.headers().firstValue("Location").orElseThrow();

        HttpResponse<String> events = get(location + "/events", "Bearer first-secret");
        assertThat(events.statusCode()).isEqualTo(200);
        assertThat(events.body()).contains("event:status").contains("\"status\":\"DONE\"");
        assertThat(get(location + "/events", null).statusCode()).isEqualTo(401);
        assertThat(output.getAll()).doesNotContain(" ERROR ").doesNotContain("AuthorizationDeniedException");
    }

    /** Rejected before authentication could matter: a valid token used to turn these into 401. */
    @Test
    void pathsTheFirewallRejectsAnswer400EvenWithAValidToken() throws Exception {
        for (String path : List.of("/api/v1/portal;x=1", "//api/v1/portal", "/api/v1/../api/v1/portal")) {
            for (String authorization : new String[] {"Bearer first-secret", null}) {
                HttpResponse<String> rejected = get(path, authorization);
                assertThat(rejected.statusCode()).as(path + " " + rejected.body()).isEqualTo(400);
                assertThat(rejected.headers().firstValue("Content-Type").orElse(""))
                        .startsWith("application/problem+json");
                JsonNode problem = ValueJson.mapper().readTree(rejected.body());
                assertThat(problem.get("type").stringValue()).isEqualTo("https://samos.dev/problems/rejected-path");
                assertThat(problem.get("address").stringValue()).isEqualTo(path);
            }
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
