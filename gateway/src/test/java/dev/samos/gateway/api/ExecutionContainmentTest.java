package dev.samos.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import tools.jackson.databind.JsonNode;
import dev.samos.swarm.WorkerProcesses;
import dev.samos.value.ValueJson;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The standalone gateway's default containment: calls run in worker JVMs it keeps, so a runaway loop, a call that
 * sleeps for ever or prints without end costs a worker JVM at most — never the gateway, never its log.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ExecutionContainmentTest {

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) throws Exception {
        String folder = Files.createTempDirectory("samos-contained").toString();
        registry.add("samos.gateway.portal", () -> folder);
        registry.add("samos.gateway.execution.workers", () -> "1");
        registry.add("samos.gateway.execution.time-limit", () -> "2s");
        registry.add("samos.gateway.execution.max-tries", () -> "2");
        registry.add("samos.gateway.execution.max-call-depth", () -> "30");
    }

    static final String FOREVER = """
            public final class Forever implements dev.samos.function.PureFunction {
                public Object call(dev.samos.function.Kwargs kwargs) {
                    long x = kwargs.getLong("x");
                    while (true) { x = x * 31 + 7; }
                }
            }""";

    static final String SLEEPER = """
            public final class Sleeper implements dev.samos.function.PureFunction {
                public Object call(dev.samos.function.Kwargs kwargs) throws InterruptedException {
                    Thread.sleep(kwargs.getLong("millis"));
                    return kwargs.getLong("millis");
                }
            }""";

    static final String CHATTY = """
            public final class Chatty implements dev.samos.function.PureFunction {
                public Object call(dev.samos.function.Kwargs kwargs) {
                    long lines = kwargs.getLong("lines");
                    for (long i = 0; i < lines; i++) { System.out.println("line " + i + " of too many"); }
                    return lines;
                }
            }""";

    static final String DEEPER = """
            public final class Deeper implements dev.samos.function.PureFunction {
                public Object call(dev.samos.function.Kwargs kwargs) {
                    long n = kwargs.getLong("n");
                    return dev.samos.function.Pure.of(Deeper.class).call(Long.class, "n", n + 1);
                }
            }""";

    @LocalServerPort
    int port;

    @Autowired
    WorkerProcesses workers;

    static HttpClient http;

    @BeforeAll
    static void client() {
        http = HttpClient.newHttpClient();
    }

    @AfterAll
    static void closeClient() {
        http.close();
    }

    HttpResponse<String> send(String method, String path, String body) throws Exception {
        return LocalApi.send(http, port, method, path, body);
    }

    String register(String source) throws Exception {
        HttpResponse<String> created = send("POST", "/api/v1/functions",
                ValueJson.mapper().writeValueAsString(Map.of("source", source)));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return ValueJson.mapper().readTree(created.body()).get("address").stringValue();
    }

    static java.util.List<String> outcomes(JsonNode record) {
        java.util.List<String> outcomes = new java.util.ArrayList<>();
        record.get("attempts").forEach(attempt -> outcomes.add(attempt.get("outcome").stringValue()));
        return outcomes;
    }

    JsonNode json(HttpResponse<String> response) throws Exception {
        return ValueJson.mapper().readTree(response.body());
    }

    @Test
    void anEndlessLoopFailsAtTheTimeLimitOnEveryTryAndTheGatewayGoesOn() throws Exception {
        String forever = register(FOREVER);
        HttpResponse<String> call = send("POST", "/api/v1/functions/" + forever + "/calls",
                "{\"kwargs\": {\"x\": 1}, \"timeoutMillis\": 60000}");
        assertThat(call.statusCode()).as(call.body()).isEqualTo(422);
        assertThat(call.body()).contains("time limit of 2000 ms");
        String execution = json(call).get("execution").stringValue();
        JsonNode record = json(send("GET", "/api/v1/executions/" + execution + "/record", null));
        // A caller's own call fails at its first failure, as it would in the caller.
        assertThat(outcomes(record)).containsExactly("TIMED_OUT");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (workers.restarts() < 1) { // it exits once the attempt is settled, and is started again
            assertThat(System.nanoTime()).as("the worker JVM whose thread would not stop is replaced")
                    .isLessThan(deadline);
            Thread.sleep(50);
        }

        // Swarmed, it is tried max-tries times, each attempt timed out, then FAILED for good.
        String swarmed = json(send("POST", "/api/v1/functions/" + forever + "/swarm", "{\"kwargs\": {\"x\": 2}}"))
                .get("execution").stringValue();
        HttpResponse<String> result = send("POST", "/api/v1/executions/results",
                "{\"executions\": [\"" + swarmed + "\"], \"waitMillis\": 30000}");
        assertThat(result.statusCode()).as(result.body()).isEqualTo(422);
        assertThat(outcomes(json(send("GET", "/api/v1/executions/" + swarmed + "/record", null))))
                .containsExactly("TIMED_OUT", "TIMED_OUT");

        String square = register(GatewayApiTest.SQUARE);
        assertThat(send("POST", "/api/v1/functions/" + square + "/calls", "{\"kwargs\": {\"x\": 12}}").body())
                .contains("\"result\":144");
    }

    @Test
    void aRunningCallIsCancelledWithDelete() throws Exception {
        String sleeper = register(SLEEPER);
        HttpResponse<String> swarmed = send("POST", "/api/v1/functions/" + sleeper + "/swarm",
                "{\"kwargs\": {\"millis\": 1000000}}");
        String execution = json(swarmed).get("execution").stringValue();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!json(send("GET", "/api/v1/executions/" + execution, null)).get("status").stringValue()
                .equals("RUNNING")) {
            assertThat(System.nanoTime()).as("waiting for a worker to start it").isLessThan(deadline);
            Thread.sleep(20);
        }

        HttpResponse<String> cancelled = send("DELETE", "/api/v1/executions/" + execution, null);

        assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
        assertThat(json(cancelled).get("status").stringValue()).isEqualTo("FAILED");
        JsonNode record = json(send("GET", "/api/v1/executions/" + execution + "/record", null));
        assertThat(outcomes(record)).containsExactly("CANCELLED");
        assertThat(send("DELETE", "/api/v1/executions/" + execution, null).statusCode()).isEqualTo(409);
    }

    @Test
    void aFunctionPrintingWithoutEndFillsOnlyItsOwnRecordUpToTheLimit() throws Exception {
        String chatty = register(CHATTY);
        HttpResponse<String> call = send("POST", "/api/v1/functions/" + chatty + "/calls",
                "{\"kwargs\": {\"lines\": 300000}}");
        assertThat(call.body()).contains("\"result\":300000");
        String execution = json(call).get("execution").stringValue();
        String stdout = json(send("GET", "/api/v1/executions/" + execution + "/record", null)).get("attempts")
                .get(0).get("stdout").stringValue();
        assertThat(stdout).startsWith("line 0 of too many").contains("more bytes cut").hasSizeLessThan(1_100_000);
    }

    @Test
    void runawayRecursionThroughThePortalEndsAtTheDepthLimit() throws Exception {
        String deeper = register(DEEPER);
        HttpResponse<String> call = send("POST", "/api/v1/functions/" + deeper + "/calls",
                "{\"kwargs\": {\"n\": 0}, \"timeoutMillis\": 60000}");
        assertThat(call.statusCode()).as(call.body()).isEqualTo(422);
        assertThat(call.body()).contains("past the limit of 30");
        JsonNode portal = json(send("GET", "/api/v1/portal", null));
        assertThat(portal.get("executions").path("RUNNING").asLong(0)).isZero();
    }
}
