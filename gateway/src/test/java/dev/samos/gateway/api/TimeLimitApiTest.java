package dev.samos.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samos.function.FunctionFailedException;
import dev.samos.function.Pure;
import dev.samos.portal.Portal;
import dev.samos.validator.Validators;
import dev.samos.value.ValueJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Time limits asked for over REST — per function at registration, per call on calls, swarm and batch — and through
 * the Java client, on worker JVMs whose operator default (30 s) is far above the 1 s asked: an attempt that stops
 * at "1000 ms" was held to the asked limit, not the default.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class TimeLimitApiTest {

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) throws Exception {
        String folder = Files.createTempDirectory("samos-time-limits").toString();
        registry.add("samos.gateway.portal", () -> folder);
        registry.add("samos.gateway.execution.workers", () -> "1");
        registry.add("samos.gateway.execution.time-limit", () -> "30s");
        registry.add("samos.gateway.execution.max-time-limit", () -> "60s");
        registry.add("samos.gateway.execution.max-tries", () -> "2");
    }

    static final String NAP = """
            public final class Nap implements dev.samos.function.PureFunction {
                public Object call(dev.samos.function.Kwargs kwargs) throws InterruptedException {
                    Thread.sleep(kwargs.getLong("millis"));
                    return kwargs.getLong("millis");
                }
            }""";

    @LocalServerPort
    int port;

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

    static JsonNode json(HttpResponse<String> response) {
        return ValueJson.mapper().readTree(response.body());
    }

    JsonNode register(String body) throws Exception {
        HttpResponse<String> created = send("POST", "/api/v1/functions", body);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json(created);
    }

    String nap(Long timeLimitMillis) throws Exception {
        Map<String, Object> body = new java.util.LinkedHashMap<>(Map.of("source", NAP));
        if (timeLimitMillis != null) {
            body.put("timeLimitMillis", timeLimitMillis);
        }
        return register(ValueJson.mapper().writeValueAsString(body)).get("address").stringValue();
    }

    List<String> outcomes(String execution) throws Exception {
        List<String> outcomes = new ArrayList<>();
        json(send("GET", "/api/v1/executions/" + execution + "/record", null)).get("attempts")
                .forEach(attempt -> outcomes.add(attempt.get("outcome").stringValue()));
        return outcomes;
    }

    /** A call that ran past its limit: 422 naming the limit, FAILED with one TIMED_OUT attempt (a caller's own). */
    void timedOut(HttpResponse<String> call, long limitMillis) throws Exception {
        assertThat(call.statusCode()).as(call.body()).isEqualTo(422);
        assertThat(call.body()).contains("time limit of " + limitMillis + " ms");
        String execution = json(call).get("execution").stringValue();
        assertThat(json(send("GET", "/api/v1/executions/" + execution, null)).get("status").stringValue())
                .isEqualTo("FAILED");
        assertThat(outcomes(execution)).containsExactly("TIMED_OUT");
    }

    @Test
    void aFunctionRegisteredWithATimeLimitIsHeldToItOnEveryCall() throws Exception {
        JsonNode limited = register("{\"source\": " + ValueJson.mapper().writeValueAsString(NAP)
                + ", \"timeLimitMillis\": 1000}");
        assertThat(limited.get("preValidators").get(0).stringValue()).isEqualTo("timeLimit(1000 ms)");
        // A validator: another function value than the same source without a limit.
        assertThat(limited.get("address").stringValue()).isNotEqualTo(nap(null));

        timedOut(send("POST", "/api/v1/functions/" + limited.get("address").stringValue() + "/calls",
                "{\"kwargs\": {\"millis\": 20000}, \"timeoutMillis\": 60000}"), 1000);
    }

    @Test
    void aCallsOwnTimeLimitHoldsItAndOverridesTheFunctions() throws Exception {
        String plain = nap(null);
        timedOut(send("POST", "/api/v1/functions/" + plain + "/calls",
                "{\"kwargs\": {\"millis\": 20001}, \"timeoutMillis\": 60000, \"timeLimitMillis\": 1000}"), 1000);

        String limited = nap(1000L);
        HttpResponse<String> longer = send("POST", "/api/v1/functions/" + limited + "/calls",
                "{\"kwargs\": {\"millis\": 1500}, \"timeoutMillis\": 60000, \"timeLimitMillis\": 10000}");
        assertThat(longer.statusCode()).as(longer.body()).isEqualTo(200);
        assertThat(json(longer).get("result").asLong()).isEqualTo(1500);
    }

    @Test
    void swarmedAndBatchedCallsAreHeldToTheirTimeLimitOnEveryTry() throws Exception {
        String plain = nap(null);
        String swarmed = json(send("POST", "/api/v1/functions/" + plain + "/swarm",
                "{\"kwargs\": {\"millis\": 20002}, \"timeLimitMillis\": 1000}")).get("execution").stringValue();
        String batched = json(send("POST", "/api/v1/functions/" + plain + "/batch",
                "{\"calls\": [{\"millis\": 20003}], \"timeLimitMillis\": 1000}")).get("executions").get(0)
                .stringValue();

        for (String execution : List.of(swarmed, batched)) {
            HttpResponse<String> result = send("POST", "/api/v1/executions/results",
                    "{\"executions\": [\"" + execution + "\"], \"waitMillis\": 30000}");
            assertThat(result.statusCode()).as(result.body()).isEqualTo(422);
            assertThat(result.body()).contains("time limit of 1000 ms");
            assertThat(outcomes(execution)).containsExactly("TIMED_OUT", "TIMED_OUT"); // max-tries
        }
    }

    @Test
    void identicalCallsAreOneExecutionRunWithTheLimitOfTheFirstRequest() throws Exception {
        String plain = nap(null);
        String first = json(send("POST", "/api/v1/functions/" + plain + "/swarm",
                "{\"kwargs\": {\"millis\": 2500}, \"timeLimitMillis\": 20000}")).get("execution").stringValue();

        HttpResponse<String> second = send("POST", "/api/v1/functions/" + plain + "/calls",
                "{\"kwargs\": {\"millis\": 2500}, \"timeoutMillis\": 60000, \"timeLimitMillis\": 1000}");

        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        assertThat(json(second).get("execution").stringValue()).isEqualTo(first);
        assertThat(json(second).get("result").asLong()).isEqualTo(2500);
        assertThat(outcomes(first)).containsExactly("DONE");
    }

    @Test
    void aTimedOutCallAskedAgainWithALongerLimitRunsWithIt() throws Exception {
        String plain = nap(null);
        timedOut(send("POST", "/api/v1/functions/" + plain + "/calls",
                "{\"kwargs\": {\"millis\": 1501}, \"timeoutMillis\": 60000, \"timeLimitMillis\": 1000}"), 1000);

        HttpResponse<String> again = send("POST", "/api/v1/functions/" + plain + "/calls",
                "{\"kwargs\": {\"millis\": 1501}, \"timeoutMillis\": 60000, \"timeLimitMillis\": 10000}");

        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        assertThat(json(again).get("result").asLong()).isEqualTo(1501);
    }

    @Test
    void aTimeLimitThatIsNoWholePositiveNumberOrOverTheMaximumIsA400NamingIt() throws Exception {
        String plain = nap(null);
        String source = ValueJson.mapper().writeValueAsString(NAP);
        List<String[]> requests = new ArrayList<>();
        for (String bad : List.of("0", "-5", "1.5", "\"1000\"", "\"PT1S\"", "true", "{}", "60001")) {
            requests.add(new String[] {"/api/v1/functions",
                    "{\"source\": " + source + ", \"timeLimitMillis\": " + bad + "}"});
            requests.add(new String[] {"/api/v1/functions/" + plain + "/calls",
                    "{\"kwargs\": {\"millis\": 1}, \"timeLimitMillis\": " + bad + "}"});
            requests.add(new String[] {"/api/v1/functions/" + plain + "/swarm",
                    "{\"kwargs\": {\"millis\": 1}, \"timeLimitMillis\": " + bad + "}"});
            requests.add(new String[] {"/api/v1/functions/" + plain + "/batch",
                    "{\"calls\": [{\"millis\": 1}], \"timeLimitMillis\": " + bad + "}"});
        }
        for (String[] request : requests) {
            HttpResponse<String> refused = send("POST", request[0], request[1]);
            assertThat(refused.statusCode()).as(request[0] + " " + request[1]).isEqualTo(400);
            assertThat(refused.headers().firstValue("Content-Type").orElse(""))
                    .startsWith("application/problem+json");
            assertThat(json(refused).get("field").stringValue()).isEqualTo("timeLimitMillis");
            if (request[1].contains("60001")) {
                assertThat(json(refused).get("detail").stringValue()).contains("maximum of 60000 ms");
            }
        }
        // The maximum itself is allowed.
        HttpResponse<String> atMost = send("POST", "/api/v1/functions/" + plain + "/calls",
                "{\"kwargs\": {\"millis\": 1}, \"timeLimitMillis\": 60000}");
        assertThat(atMost.statusCode()).as(atMost.body()).isEqualTo(200);
    }

    @Test
    void theJavaClientCarriesATimeLimitOnTheFunctionAndACallsOwnOverridesIt() {
        try (Portal portal = Portal.remote(URI.create("http://localhost:" + port), null)) {
            Pure limited = portal.pure(Nap.class).withPreValidators(Validators.timeLimit(Duration.ofSeconds(1)));
            assertThatThrownBy(() -> portal.call(limited, dev.samos.function.Kwargs.of("millis", 20004L)))
                    .isInstanceOf(FunctionFailedException.class).hasMessageContaining("time limit of 1000 ms");

            Pure longer = Validators.timeLimit(Duration.ofSeconds(10)).on(limited);
            assertThat(longer.preValidators()).containsExactly(Validators.timeLimit(Duration.ofSeconds(10)));
            assertThat(portal.call(longer, dev.samos.function.Kwargs.of("millis", 1502L))).isEqualTo(1502L);
        }
    }
}
