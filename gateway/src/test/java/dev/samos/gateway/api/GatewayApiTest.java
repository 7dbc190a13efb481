package dev.samos.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samos.value.ValueJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** The REST API over real HTTP against the standalone gateway on a random port. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class GatewayApiTest {

    static final String SQUARE = """
            package demo;

            import dev.samos.function.Kwargs;
            import dev.samos.function.PureFunction;

            public final class Square implements PureFunction {
                @Override
                public Object call(Kwargs kwargs) {
                    long x = kwargs.getLong("x");
                    System.out.println("squaring " + x);
                    return x * x;
                }
            }
            """;

    @DynamicPropertySource
    static void portalFolder(DynamicPropertyRegistry registry) throws Exception {
        Path folder = Files.createTempDirectory("samos-gateway-test");
        registry.add("samos.gateway.portal", folder::toString);
        registry.add("samos.gateway.max-body-bytes", () -> "100000");
    }

    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    record Reply(int status, String contentType, String body, String location) {
        JsonNode json() {
            return ValueJson.mapper().readTree(body);
        }
    }

    Reply send(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                response.body(), response.headers().firstValue("Location").orElse(null));
    }

    String json(Object value) {
        return ValueJson.mapper().writeValueAsString(value);
    }

    String registerSquare() throws Exception {
        Reply created = send("POST", "/api/v1/functions", json(java.util.Map.of("source", SQUARE)));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("address").stringValue();
    }

    @Test
    void registerCallSwarmAndReadBack() throws Exception {
        String square = registerSquare();
        Reply function = send("GET", "/api/v1/functions/" + square, null);
        assertThat(function.status()).isEqualTo(200);
        assertThat(function.json().get("name").stringValue()).isEqualTo("Square");
        assertThat(function.json().get("source").stringValue()).contains("squaring");
        assertThat(function.json().get("autonomy").stringValue()).isEqualTo("strict");

        Reply call = send("POST", "/api/v1/functions/" + square + "/calls", "{\"kwargs\": {\"x\": 12}}");
        assertThat(call.status()).as(call.body()).isEqualTo(200);
        assertThat(call.json().get("result").longValue()).isEqualTo(144);
        String execution = call.json().get("execution").stringValue();
        Reply again = send("POST", "/api/v1/functions/" + square + "/calls", "{\"kwargs\": {\"x\": 12}}");
        assertThat(again.json().get("result").longValue()).isEqualTo(144);
        assertThat(send("GET", "/api/v1/executions/" + execution, null).json().get("attempts").intValue())
                .isEqualTo(1); // memoized: computed once for both calls

        Reply swarm = send("POST", "/api/v1/functions/" + square + "/swarm", "{\"kwargs\": {\"x\": 7}}");
        assertThat(swarm.status()).isEqualTo(202);
        assertThat(swarm.location()).startsWith("/api/v1/executions/call_Square:");
        Reply done = awaitDone(swarm.location());
        assertThat(done.json().get("result").longValue()).isEqualTo(49);
        assertThat(send("GET", swarm.location() + "/result", null).body()).isEqualTo("49");

        Reply record = send("GET", "/api/v1/executions/" + execution + "/record", null);
        assertThat(record.json().get("attempts").get(0).get("stdout").stringValue()).contains("squaring 12");

        Reply events = send("GET", swarm.location() + "/events", null);
        assertThat(events.contentType()).startsWith("text/event-stream");
        assertThat(events.body()).contains("event:status").contains("\"status\":\"DONE\"");
    }

    @Test
    void batchFixedKwargsValuesAndDescribe() throws Exception {
        String square = registerSquare();
        Reply batch = send("POST", "/api/v1/functions/" + square + "/batch",
                "{\"calls\": [{\"x\": 1}, {\"x\": 2}, {\"x\": 3}]}");
        assertThat(batch.status()).as(batch.body()).isEqualTo(202);
        JsonNode executions = batch.json().get("executions");
        assertThat(executions.size()).isEqualTo(3);
        for (int i = 0; i < 3; i++) {
            Reply done = awaitDone("/api/v1/executions/" + executions.get(i).stringValue());
            assertThat(done.json().get("result").longValue()).isEqualTo((long) (i + 1) * (i + 1));
        }
        Reply fixed = send("POST", "/api/v1/functions/" + square + "/fixed", "{\"kwargs\": {\"x\": 9}}");
        assertThat(fixed.status()).isEqualTo(201);
        assertThat(fixed.json().get("fixed").get("x").longValue()).isEqualTo(9);
        Reply call = send("POST", "/api/v1/functions/" + fixed.json().get("address").stringValue() + "/calls", "{}");
        assertThat(call.json().get("result").longValue()).isEqualTo(81);

        Reply stored = send("POST", "/api/v1/values", "{\"$set\": [1, 2]}");
        assertThat(stored.status()).isEqualTo(201);
        assertThat(stored.json().get("address").stringValue()).startsWith("set_2:");
        assertThat(send("GET", stored.location(), null).body()).isEqualTo("{\"$set\":[1,2]}");

        Reply portal = send("GET", "/api/v1/portal", null);
        assertThat(portal.json().get("kind").stringValue()).isEqualTo("local");
        assertThat(portal.json().get("functions").longValue()).isGreaterThanOrEqualTo(1);
    }

    static final String SPIN = """
            package demo;

            import dev.samos.function.Kwargs;
            import dev.samos.function.PureFunction;

            public final class Spin implements PureFunction {
                @Override
                public Object call(Kwargs kwargs) {
                    long n = kwargs.getLong("n");
                    long acc = 0;
                    for (long i = 0; i < n; i++) {
                        acc = acc * 31 + i;
                    }
                    return acc;
                }
            }
            """;

    @Test
    void collectingASwarmInOneRequest() throws Exception {
        String square = registerSquare();
        JsonNode executions = send("POST", "/api/v1/functions/" + square + "/batch",
                "{\"calls\": [{\"x\": 4}, {\"x\": 5}, {\"x\": 6}]}").json().get("executions");
        Reply all = send("POST", "/api/v1/executions/results",
                json(java.util.Map.of("executions", executions, "waitMillis", 30_000)));
        assertThat(all.status()).as(all.body()).isEqualTo(200);
        assertThat(all.json().get("results").toString()).isEqualTo("[16,25,36]");

        // Still running when asked without waiting: 202 naming it; asked again with a wait: its result.
        Reply spin = send("POST", "/api/v1/functions", json(java.util.Map.of("source", SPIN)));
        assertThat(spin.status()).as(spin.body()).isEqualTo(201);
        String slow = send("POST", "/api/v1/functions/" + spin.json().get("address").stringValue() + "/swarm",
                "{\"kwargs\": {\"n\": 1000000000}}").json().get("execution").stringValue();
        Reply pending = send("POST", "/api/v1/executions/results", json(java.util.Map.of("executions",
                java.util.List.of(executions.get(0).stringValue(), slow))));
        assertThat(pending.status()).as(pending.body()).isEqualTo(202);
        assertThat(pending.json().get("pending").toString()).isEqualTo("[\"" + slow + "\"]");
        Reply finished = send("POST", "/api/v1/executions/results", json(java.util.Map.of("executions",
                java.util.List.of(slow), "waitMillis", 30_000)));
        assertThat(finished.status()).as(finished.body()).isEqualTo(200);
        assertThat(finished.json().get("results").size()).isEqualTo(1);

        assertProblem(send("POST", "/api/v1/executions/results", "{}"), 400, "executions");
        assertProblem(send("POST", "/api/v1/executions/results", "{\"executions\": [\"" + slow + "\", 7]}"), 400,
                "executions[1]");
        assertProblem(send("POST", "/api/v1/executions/results", "{\"executions\": [\"call_X\"]}"), 400,
                "executions[0]");
        assertProblem(send("POST", "/api/v1/executions/results", "{\"executions\": [], \"wait\": 1}"), 400,
                "wait");
        assertProblem(send("POST", "/api/v1/executions/results",
                "{\"executions\": [\"call_X:" + "0".repeat(64) + "\"]}"), 404, "address");
    }

    @Test
    void badInputIsAProblemNamingTheField() throws Exception {
        String square = registerSquare();
        assertProblem(send("POST", "/api/v1/functions", "{\"source\": "), 400, "body");
        assertProblem(send("POST", "/api/v1/functions", "{\"sourse\": \"x\"}"), 400, "sourse");
        Reply broken = send("POST", "/api/v1/functions", json(java.util.Map.of("source",
                SQUARE.replace("long x = kwargs.getLong(\"x\");", "long x = missing;"))));
        assertProblem(broken, 422, "source");
        assertThat(broken.json().get("errors").get(0).get("line").intValue()).isEqualTo(9);
        Reply exits = send("POST", "/api/v1/functions", json(java.util.Map.of("source",
                SQUARE.replace("long x = kwargs.getLong(\"x\");", "System.exit(1); long x = 0;"))));
        assertProblem(exits, 422, "source");
        assertThat(exits.json().get("violations").get(0).stringValue()).contains("demo.Square.call")
                .contains("java/lang/System.exit");
        assertProblem(send("POST", "/api/v1/functions/" + square + "/calls", "{\"kwargs\": {\"y\": 1}}"), 400,
                "kwargs.x");
        assertProblem(send("POST", "/api/v1/functions/" + square + "/calls", "{\"kwargs\": {\"x\": \"one\"}}"), 400,
                "kwargs.x");
        assertProblem(send("POST", "/api/v1/functions/" + square + "/calls",
                "{\"kwargs\": {\"x\": {\"$bytes\": \"!!\"}}}"), 400, "kwargs.x.$bytes");
        assertProblem(send("GET", "/api/v1/functions/not-an-address", null), 400, "address");
        assertProblem(send("GET", "/api/v1/executions/call_X:" + "0".repeat(64), null), 404, "address");
        assertProblem(send("GET", "/api/v1/values/int:" + "0".repeat(64), null), 404, "address");
        assertProblem(send("POST", "/api/v1/values", "[" + "1,".repeat(60_000) + "1]"), 413, "body");
        Reply deep = send("POST", "/api/v1/values", "[".repeat(65) + "]".repeat(65));
        assertProblem(deep, 400, "body");
        assertThat(deep.json().get("detail").stringValue()).contains("max-value-depth");
        assertThat(send("POST", "/api/v1/values", "[".repeat(60) + "]".repeat(60)).status()).isEqualTo(201);
        Reply noRoute = send("GET", "/api/v1/nothing-here", null);
        assertThat(noRoute.status()).isEqualTo(404);
        assertThat(noRoute.contentType()).startsWith("application/problem+json");
        assertThat(send("PUT", "/api/v1/values", "{}").status()).isEqualTo(405);
    }

    @Test
    void metricsSpeakSamos() throws Exception {
        String square = registerSquare();
        send("POST", "/api/v1/functions/" + square + "/calls", "{\"kwargs\": {\"x\": 5}}");
        send("POST", "/api/v1/functions/" + square + "/calls", "{\"kwargs\": {\"x\": 5}}");
        Reply metrics = send("GET", "/actuator/prometheus", null);
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("samos_calls_total").contains("samos_cache_hits_total{from=\"memory\"}")
                .contains("samos_cache_misses_total").contains("samos_executions{status=\"done\"}")
                .contains("samos_queue_depth").contains("samos_execution_time_seconds_bucket")
                .contains("samos_values_stored_bytes");
        // The attempt ran in a worker JVM, which told the gateway its time.
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
        while (executionsTimed(send("GET", "/actuator/prometheus", null).body()) < 1) {
            assertThat(System.nanoTime()).as("an execution timed in samos_execution_time").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static double executionsTimed(String metrics) {
        return metrics.lines().filter(line -> line.startsWith("samos_execution_time_seconds_count"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void theOpenApiDocumentListsEveryEndpoint() throws Exception {
        Reply docs = send("GET", "/v3/api-docs", null);
        assertThat(docs.status()).isEqualTo(200);
        JsonNode paths = docs.json().get("paths");
        for (String path : java.util.List.of("/api/v1/functions", "/api/v1/functions/{function}",
                "/api/v1/functions/{function}/calls", "/api/v1/functions/{function}/swarm",
                "/api/v1/functions/{function}/batch", "/api/v1/functions/{function}/fixed",
                "/api/v1/executions/{execution}", "/api/v1/executions/{execution}/result",
                "/api/v1/executions/{execution}/record", "/api/v1/executions/{execution}/events",
                "/api/v1/executions/results",
                "/api/v1/values", "/api/v1/values/{address}", "/api/v1/portal")) {
            assertThat(paths.has(path)).as(path).isTrue();
        }
        assertThat(send("GET", "/swagger-ui/index.html", null).status()).isEqualTo(200);
        JsonNode call = paths.get("/api/v1/functions/{function}/calls").get("post");
        assertThat(call.get("responses").has("422")).isTrue();
        assertThat(call.get("responses").get("400").get("content").has("application/problem+json")).isTrue();
        assertThat(docs.json().get("info").get("title").stringValue()).isEqualTo("Samos gateway API");
        for (String path : java.util.List.of("/api/v1/functions", "/api/v1/functions/{function}/calls",
                "/api/v1/functions/{function}/swarm", "/api/v1/functions/{function}/batch", "/api/v1/values")) {
            JsonNode json = paths.get(path).get("post").get("requestBody").get("content").get("application/json");
            assertThat(json.has("example") || json.has("examples")).as(path + " has an example").isTrue();
        }
    }

    @Test
    void pathsTheFirewallRejectsAnswer400ProblemsNamingThePath() throws Exception {
        for (String path : java.util.List.of("/api/v1/portal;jsessionid=1", "//api/v1/portal",
                "/api/v1/../api/v1/portal", "/api/v1/%2e%2e/api/v1/portal", "/api/v1/portal%3Bx")) {
            Reply rejected = send("GET", path, null);
            assertProblem(rejected, 400, "path");
            assertThat(rejected.json().get("type").stringValue()).isEqualTo("https://samos.dev/problems/rejected-path");
            assertThat(rejected.json().get("address").stringValue()).as(path).isEqualTo(path);
        }
    }

    @Test
    void theErrorPageAskedForDirectlyIsNotFound() throws Exception {
        Reply error = send("GET", "/error", null);
        assertThat(error.status()).as(error.body()).isEqualTo(404);
        assertThat(error.contentType()).startsWith("application/problem+json");
        assertThat(error.json().get("type").stringValue()).isEqualTo("https://samos.dev/problems/not-found");
        assertThat(send("POST", "/error", "{}").status()).isEqualTo(404);
    }

    void assertProblem(Reply reply, int status, String field) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.json().get("field").stringValue()).isEqualTo(field);
        assertThat(reply.json().get("detail").stringValue()).isNotBlank();
    }

    Reply awaitDone(String location) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            Reply status = send("GET", location, null);
            assertThat(status.status()).as(status.body()).isEqualTo(200);
            if (status.json().get("status").stringValue().equals("DONE")) {
                return status;
            }
            assertThat(System.nanoTime()).as("waiting for " + location).isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
