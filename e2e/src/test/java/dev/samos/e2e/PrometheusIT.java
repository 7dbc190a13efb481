package dev.samos.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.samos.execution.ExecutionAddress;
import dev.samos.function.FunctionFailedException;
import dev.samos.function.Kwargs;
import dev.samos.function.Pure;
import dev.samos.portal.Portal;
import dev.samos.testkit.Square;
import dev.samos.validator.Validators;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real Prometheus (Debian's binary) scraping a whole cluster — the gateway with its token, portal-service, two
 * executors — with the repository's alert rules, after some work: calls, a cached call, swarmed tasks, a task no
 * executor's validators accept. Then every expression of the Grafana dashboard and of the alert rules is evaluated
 * through Prometheus's query API: each must evaluate, and each series selector in it must find series (no panel or
 * alert watches a metric that does not exist); each dashboard panel's query must return series itself.
 */
class PrometheusIT {

    private static final Path PROMETHEUS = Path.of(System.getenv().getOrDefault("PROMETHEUS", "/usr/bin/prometheus"));
    private static final Path ROOT = E2e.target().getParent().getParent();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Grafana's $__rate_interval, as a scrape every second makes it. */
    private static final String RATE_INTERVAL = "30s";

    @RegisterExtension
    static final SwarmCluster CLUSTER = SwarmCluster.builder()
            .gateway().gatewayArgs(E2eCluster.GATEWAY_ARGS)
            .executorArgs(E2eCluster.EXECUTOR_ARGS)
            .executor("one", "--samos.executor.resources.gpus=0")
            .executor("two", "--samos.executor.resources.gpus=0")
            .build();

    private static Process prometheus;
    private static ExecutionAddress declined;
    private static URI api;

    @BeforeAll
    static void startPrometheusAndWork() throws Exception {
        if ("true".equalsIgnoreCase(System.getenv("CI")) && !Files.isExecutable(PROMETHEUS)) {
            throw new IllegalStateException(PROMETHEUS + " is missing: CI must install Debian's prometheus package"
                    + " (.ci/run does)");
        }
        assumeThat(Files.isExecutable(PROMETHEUS)).as("prometheus (apt-get install prometheus)").isTrue();
        Path dir = Files.createDirectories(E2e.work("prometheus"));
        Path token = Files.writeString(dir.resolve("token"), E2eCluster.TOKEN);
        Files.copy(ROOT.resolve("deploy/prometheus/alerts.yml"), dir.resolve("alerts.yml"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(dir.resolve("prometheus.yml"), config(token));
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path log = E2e.logs().resolve("PrometheusIT-prometheus.log");
        prometheus = new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + dir.resolve("prometheus.yml"),
                // An empty database each run: series left from an earlier run would count as found.
                "--storage.tsdb.path=" + Files.createTempDirectory(dir, "tsdb"),
                "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(prometheus::destroyForcibly));
        api = URI.create("http://127.0.0.1:" + port + "/api/v1/");

        try (Portal portal = Portal.remote(CLUSTER.gatewayUri(), E2eCluster.TOKEN)) {
            // Arguments no other test uses: the suite's portal-service is shared, and a result stored here would be
            // a cache hit for another class's call of the same Square.
            Pure square = portal.pure(Square.class);
            for (long x = 9_100_001; x <= 9_100_005; x++) {
                assertThat(portal.call(square, Kwargs.of("x", x))).isEqualTo(x * x);
            }
            assertThat(portal.call(square, Kwargs.of("x", 9_100_003L))).isEqualTo(9_100_003L * 9_100_003L); // stored
            List<ExecutionAddress> swarmed = new ArrayList<>();
            for (long x = 9_100_100; x < 9_100_120; x++) {
                swarmed.add(portal.swarm(square, Kwargs.of("x", x)));
            }
            assertThat(portal.getAll(swarmed, Duration.ofSeconds(60))).hasSize(20);
            // Declined by both executors' validators (no GPU): counted by validator, then left to fail.
            declined = portal.swarm(square.withPreValidators(Validators.gpu(8)), Kwargs.of("x", 9_100_999L));
        }
    }

    @AfterAll
    static void stopPrometheus() throws InterruptedException {
        if (prometheus != null) {
            prometheus.destroy();
            prometheus.waitFor(20, TimeUnit.SECONDS);
        }
    }

    /** The compose configuration's jobs (named as the Helm chart's Services), with this cluster's addresses and a scrape every second. */
    private static String config(Path token) {
        String executors = CLUSTER.executors().stream().map(e -> "\"127.0.0.1:" + e.port() + "\"")
                .collect(Collectors.joining(", "));
        return """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files:
                  - alerts.yml
                scrape_configs:
                  - job_name: samos-gateway
                    metrics_path: /actuator/prometheus
                    authorization:
                      type: Bearer
                      credentials_file: %s
                    static_configs:
                      - targets: ["127.0.0.1:%d"]
                  - job_name: samos-portal-service
                    metrics_path: /actuator/prometheus
                    static_configs:
                      - targets: ["127.0.0.1:%d"]
                  - job_name: samos-executor
                    metrics_path: /actuator/prometheus
                    static_configs:
                      - targets: [%s]
                """.formatted(token, CLUSTER.gateway().port(), CLUSTER.portalServiceProcess().port(), executors);
    }

    @Test
    void everyDashboardQueryAndEveryAlertFindsItsSeries() throws Exception {
        // Filtered by its value, the count is empty until all four targets are up: waitFor waits for that.
        assertThat(waitFor("count(up == 1) == 4", Duration.ofSeconds(60)).path(0).path("value").path(1).asString())
                .as("targets up").isEqualTo("4");

        Map<String, String> dashboard = new LinkedHashMap<>();
        JsonNode panels = JSON.readTree(ROOT.resolve("deploy/grafana/dashboards/samos.json").toFile()).get("panels");
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.get("targets")) {
                dashboard.put(panel.get("title").asString() + " / " + target.get("legendFormat").asString(),
                        target.get("expr").asString().replace("$__rate_interval", RATE_INTERVAL));
            }
        }
        Map<String, String> alerts = new LinkedHashMap<>();
        for (JsonNode rule : waitForRules()) {
            alerts.put(rule.get("name").asString(), rule.get("query").asString());
            assertThat(rule.get("health").asString()).as(rule.get("name") + ": " + rule.path("lastError"))
                    .isEqualTo("ok");
        }
        assertThat(alerts).containsKeys("SamosExecutionsFailing", "SamosQueueGrowingWithoutExecutors",
                "SamosServiceDown");

        // Rates need two scrapes of a counter after its first change, and a rejection comes after its task's
        // delivery: give every expression up to a minute.
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        List<String> missing = check(dashboard, alerts);
        while (!missing.isEmpty() && Instant.now().isBefore(deadline)) {
            Thread.sleep(2_000);
            missing = check(dashboard, alerts);
        }
        assertThat(missing).as("expressions or selectors with no series").isEmpty();

        // The declined task ends FAILED before the cluster stops: nothing of it is left for the next test class.
        try (Portal portal = Portal.remote(CLUSTER.gatewayUri(), E2eCluster.TOKEN)) {
            assertThatThrownBy(() -> portal.get(declined, Duration.ofSeconds(90)))
                    .isInstanceOf(FunctionFailedException.class).hasMessageContaining("gpu(8)");
        }
    }

    /** What finds no series now: each dashboard query, and each selector of every dashboard and alert query. */
    private static List<String> check(Map<String, String> dashboard, Map<String, String> alerts) throws Exception {
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, String> query : dashboard.entrySet()) {
            if (query(query.getValue()).isEmpty()) {
                missing.add("panel " + query.getKey() + ": " + query.getValue());
            }
        }
        Map<String, String> all = new LinkedHashMap<>(dashboard);
        alerts.forEach((name, expression) -> {
            all.put("alert " + name, expression);
        });
        for (Map.Entry<String, String> query : all.entrySet()) {
            query(query.getValue()); // evaluates, or fails with Prometheus's error
            List<String> selectors = PromQl.selectors(query.getValue());
            assertThat(selectors).as(query.getKey()).isNotEmpty();
            for (String selector : selectors) {
                if (query(selector).isEmpty()) {
                    missing.add(query.getKey() + ": " + selector);
                }
            }
        }
        return missing;
    }

    private static JsonNode waitFor(String expression, Duration limit) throws Exception {
        Instant deadline = Instant.now().plus(limit);
        JsonNode result = query(expression);
        while (result.isEmpty() && Instant.now().isBefore(deadline)) {
            Thread.sleep(500);
            result = query(expression);
        }
        return result;
    }

    private static List<JsonNode> waitForRules() throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (true) {
            List<JsonNode> rules = new ArrayList<>();
            for (JsonNode group : get("rules?type=alert").path("data").path("groups")) {
                for (JsonNode rule : group.path("rules")) {
                    rules.add(rule);
                }
            }
            boolean evaluated = !rules.isEmpty() && rules.stream().allMatch(r -> r.hasNonNull("lastEvaluation")
                    && !r.get("lastEvaluation").asString().startsWith("0001"));
            if (evaluated || Instant.now().isAfter(deadline)) {
                return rules;
            }
            Thread.sleep(500);
        }
    }

    /** The instant query's result vector; fails on Prometheus's error (a query that does not parse or evaluate). */
    private static JsonNode query(String expression) throws Exception {
        JsonNode answer = get("query?query=" + URLEncoder.encode(expression, StandardCharsets.UTF_8));
        assertThat(answer.path("status").asString()).as(expression + " → " + answer).isEqualTo("success");
        return answer.path("data").path("result");
    }

    private static JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(api.resolve(path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }
}
