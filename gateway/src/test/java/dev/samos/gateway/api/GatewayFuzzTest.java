package dev.samos.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Thousands of generated malformed and hostile requests: none may get a 5xx, none may hang, and the server answers
 * a correct call afterwards.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class GatewayFuzzTest {

    @DynamicPropertySource
    static void portalFolder(DynamicPropertyRegistry registry) throws Exception {
        registry.add("samos.gateway.portal", () -> tempFolder());
        registry.add("samos.gateway.max-body-bytes", () -> "65536");
        registry.add("samos.gateway.call-timeout", () -> "2s");
    }

    static String tempFolder() {
        try {
            return Files.createTempDirectory("samos-fuzz").toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static final List<String> PATHS = List.of("/api/v1/functions", "/api/v1/functions/%F",
            "/api/v1/functions/%F/calls", "/api/v1/functions/%F/swarm", "/api/v1/functions/%F/batch",
            "/api/v1/functions/%F/fixed", "/api/v1/values", "/api/v1/values/%V", "/api/v1/executions/%E",
            "/api/v1/executions/%E/result", "/api/v1/executions/%E/record", "/api/v1/portal");
    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE", "PATCH");
    private static final List<String> FRAGMENTS = List.of("{", "}", "[", "]", "\"", ":", ",", "null", "true", "1e999",
            "-0", "\"$bytes\"", "\"$map\"", "\"$set\"", "\"$record\"", "\"kwargs\"", "\"calls\"", "\"source\"",
            "\"x\"", "\\u0000", "\\ud800", "99999999999999999999999999", "\"timeoutMillis\"", "-1", "0.5",
            "\"$f64\"", "\"AAAA\"", "{\"$int\": \"1\"}", "\"bundle\"", "\"impure\"", "\"allow\"");

    @Test
    void noGeneratedRequestGetsA5xx() throws Exception {
        String source = """
                package fuzz;
                public final class Id implements dev.samos.function.PureFunction {
                    public Object call(dev.samos.function.Kwargs kwargs) { return kwargs.get("x"); }
                }
                """;
        HttpResponse<String> created = send("POST", "/api/v1/functions",
                dev.samos.value.ValueJson.mapper().writeValueAsString(Map.of("source", source)), "application/json");
        assertThat(created.statusCode()).isEqualTo(201);
        String function = dev.samos.value.ValueJson.mapper().readTree(created.body()).get("address").stringValue();

        Random random = new Random(20261123);
        List<String> failures = new ArrayList<>();
        int requests = 3_000;
        for (int i = 0; i < requests; i++) {
            String path = PATHS.get(random.nextInt(PATHS.size()))
                    .replace("%F", random.nextInt(4) == 0 ? garbageSegment(random) : function)
                    .replace("%V", garbageSegment(random))
                    .replace("%E", random.nextBoolean() ? garbageSegment(random) : "call_Id:" + hex(random));
            String method = METHODS.get(random.nextInt(METHODS.size()));
            String body = body(random, i);
            String type = random.nextInt(10) == 0 ? "text/plain" : "application/json";
            HttpResponse<String> response = send(method, path, body, type);
            if (response.statusCode() >= 500) {
                failures.add(method + " " + path + " " + abbreviate(body) + " -> " + response.statusCode() + " "
                        + abbreviate(response.body()));
            }
        }
        assertThat(failures).as("requests answered with 5xx").isEmpty();

        HttpResponse<String> call = send("POST", "/api/v1/functions/" + function + "/calls",
                "{\"kwargs\": {\"x\": [1, 2, 3]}}", "application/json");
        assertThat(call.statusCode()).isEqualTo(200);
        assertThat(call.body()).contains("\"result\":[1,2,3]");
    }

    private String body(Random random, int i) {
        return switch (random.nextInt(6)) {
            case 0 -> null;
            case 1 -> { // random fragments glued together: mostly malformed JSON
                StringBuilder s = new StringBuilder();
                for (int k = random.nextInt(30); k >= 0; k--) {
                    s.append(FRAGMENTS.get(random.nextInt(FRAGMENTS.size())));
                }
                yield s.toString();
            }
            case 2 -> "{\"kwargs\": {\"x\": " + "[".repeat(random.nextInt(2_000)) + "}}"; // too deep / unbalanced
            case 3 -> "{\"kwargs\": {\"x\": " + FRAGMENTS.get(random.nextInt(FRAGMENTS.size())) + "}}";
            case 4 -> "{\"calls\": [" + "{\"x\": 1},".repeat(random.nextInt(5)) + "7]}";
            default -> "{\"source\": \"class " + "A".repeat(random.nextInt(50)) + " {}\", \"x\": " + i + "}";
        };
    }

    private static String garbageSegment(Random random) {
        String[] options = {"x", "%00", "list_3:zz", "..%2F..", "int:" + "g".repeat(64), "call_:abc", "a".repeat(300),
                "record_Pure:" + "0".repeat(64)};
        return options[random.nextInt(options.length)];
    }

    private static String hex(Random random) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 64; i++) {
            s.append(Character.forDigit(random.nextInt(16), 16));
        }
        return s.toString();
    }

    private HttpResponse<String> send(String method, String path, String body, String type) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", type)
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String abbreviate(String s) {
        return s == null ? "null" : s.length() <= 200 ? s : s.substring(0, 200) + "…";
    }
}
