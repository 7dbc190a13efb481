package dev.samos.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The Prometheus configuration and alert rules through Prometheus's own checker ({@code promtool}, Debian's
 * {@code prometheus} package, which {@code .ci/run} installs), and the Grafana dashboard's shape. Whether every
 * expression finds series on a running cluster is e2e's {@code PrometheusIT}.
 */
class PrometheusFilesTest {

    private static final Path PROMTOOL = Path.of(System.getenv().getOrDefault("PROMTOOL", "/usr/bin/promtool"));

    @BeforeAll
    static void needsPromtool() {
        boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
        if (ci && !Files.isExecutable(PROMTOOL)) {
            throw new IllegalStateException(PROMTOOL + " is missing: CI must install Debian's prometheus package"
                    + " (.ci/run does: apt-get install -y prometheus)");
        }
        assumeThat(Files.isExecutable(PROMTOOL)).as("promtool (apt-get install prometheus)").isTrue();
    }

    @Test
    void alertRulesPassPromtool() throws Exception {
        String out = promtool(0, "check", "rules", DeployFiles.file("deploy/prometheus/alerts.yml").toString());
        assertThat(out).contains("SUCCESS: 5 rules found");
    }

    /**
     * The whole configuration with its rule file, as Prometheus would load it in compose: the token file compose
     * mounts as a secret is the one path that exists only there, so the copy checked here points at a stand-in.
     */
    @Test
    void configurationPassesPromtoolWithItsRules(@TempDir Path dir) throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "secret");
        String config = Files.readString(DeployFiles.file("deploy/prometheus/prometheus.yml"));
        assertThat(config).contains("/run/secrets/samos_token");
        Files.writeString(dir.resolve("prometheus.yml"), config.replace("/run/secrets/samos_token", token.toString()));
        Files.copy(DeployFiles.file("deploy/prometheus/alerts.yml"), dir.resolve("alerts.yml"));
        String out = promtool(0, "check", "config", dir.resolve("prometheus.yml").toString());
        assertThat(out).contains("SUCCESS: 1 rule files found").contains("SUCCESS: 5 rules found");
    }

    @Test
    void promtoolRefusesABrokenRule(@TempDir Path dir) throws Exception {
        String rules = Files.readString(DeployFiles.file("deploy/prometheus/alerts.yml"));
        Path broken = Files.writeString(dir.resolve("alerts.yml"), rules.replace("up{job=~", "up{{job=~"));
        assertThat(promtool(1, "check", "rules", broken.toString())).contains("FAILED");
    }

    @Test
    void everyDashboardPanelQueriesPrometheusThroughTheDatasourceVariable() throws IOException {
        JsonNode dashboard = DeployFiles.JSON.readTree(DeployFiles.file("deploy/grafana/dashboards/samos.json"));
        assertThat(dashboard.get("uid").asString()).isEqualTo("samos");
        List<String> titles = new ArrayList<>();
        for (JsonNode panel : dashboard.get("panels")) {
            titles.add(panel.get("title").asString());
            assertThat(panel.get("targets")).as(panel.get("title").asString()).isNotEmpty();
            for (JsonNode target : panel.get("targets")) {
                assertThat(target.get("datasource").get("uid").asString()).isEqualTo("${datasource}");
                assertThat(target.get("expr").asString()).isNotBlank();
            }
        }
        assertThat(titles).contains("Calls per second", "Cache hit ratio", "Executions by status",
                "Queue depth and drain time", "Execution time quantiles", "Validator rejections", "Executors up",
                "JVM heap used");
    }

    private static String promtool(int expectedExit, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(PROMTOOL.toString()));
        command.addAll(List.of(arguments));
        Command run = Command.run(Path.of("").toAbsolutePath(), command);
        assertThat(run.exit()).as(String.join(" ", command) + "\n" + run.output()).isEqualTo(expectedExit);
        return run.output();
    }
}
