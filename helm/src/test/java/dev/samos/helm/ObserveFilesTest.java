package dev.samos.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alert rules and the dashboard the chart ships from its files/ folder: copies of the repository's
 * deploy/prometheus/alerts.yml and deploy/grafana/dashboards/samos.json. Rendered here from a copy of the chart with
 * small files of the same shapes, so the templates are checked whether or not the copies are in place yet.
 */
class ObserveFilesTest {

    private static final Path RULES = Path.of("files", "prometheus", "alerts.yml");
    private static final Path DASHBOARD = Path.of("files", "grafana", "samos.json");

    @TempDir
    Path folder;

    @Test
    void alertRulesBecomeAPrometheusRuleAndTheDashboardAGrafanaConfigMap() throws IOException {
        Chart chart = copy();
        Files.createDirectories(chart.folder().resolve(RULES).getParent());
        Files.writeString(chart.folder().resolve(RULES), """
                groups:
                  - name: samos
                    rules:
                      - alert: SamosServiceDown
                        expr: up{job=~"samos.*"} == 0
                        for: 2m
                        labels: {severity: critical}
                """);
        Files.createDirectories(chart.folder().resolve(DASHBOARD).getParent());
        String dashboard = "{\n  \"title\": \"Samos\",\n  \"panels\": []\n}";
        Files.writeString(chart.folder().resolve(DASHBOARD), dashboard);

        Manifests manifests = chart.render(Map.of("prometheusRule.enabled", "true", "grafanaDashboard.enabled", "true",
                "prometheusRule.labels.release", "kube-prometheus-stack"));

        GenericKubernetesResource rule = manifests.custom("PrometheusRule").getFirst();
        assertThat(rule.getMetadata().getLabels()).containsEntry("release", "kube-prometheus-stack");
        List<Map<String, Object>> groups = rule.get("spec", "groups");
        assertThat(groups).singleElement().satisfies(group -> assertThat(group).containsEntry("name", "samos"));
        assertThat(rule.<String>get("spec", "groups", 0, "rules", 0, "expr")).isEqualTo("up{job=~\"samos.*\"} == 0");
        ConfigMap grafana = manifests.one(ConfigMap.class, "samos-dashboard");
        assertThat(grafana.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
        assertThat(grafana.getData()).containsEntry("samos.json", dashboard);
    }

    @Test
    void enabledWithoutTheFilesFailsNamingThem() throws IOException {
        Chart chart = copy();
        Files.deleteIfExists(chart.folder().resolve(RULES));
        Files.deleteIfExists(chart.folder().resolve(DASHBOARD));

        assertThatThrownBy(() -> chart.template(Map.of("prometheusRule.enabled", "true")))
                .hasMessageContaining("files/prometheus/alerts.yml").hasMessageContaining("deploy/prometheus/alerts.yml");
        assertThatThrownBy(() -> chart.template(Map.of("grafanaDashboard.enabled", "true")))
                .hasMessageContaining("files/grafana/samos.json");
        assertThat(chart.render().custom("PrometheusRule")).isEmpty();
    }

    /** Once deploy/ has them, the chart must carry the same files (copies: a chart cannot reach outside itself). */
    @Test
    void theChartsCopiesAreDeploys() throws IOException {
        Path deployRules = Path.of("..", "deploy", "prometheus", "alerts.yml");
        Path deployDashboard = Path.of("..", "deploy", "grafana", "dashboards", "samos.json");
        assumeTrue(Files.exists(deployRules) || Files.exists(deployDashboard), "deploy/ has no rules or dashboard");

        for (Path[] pair : new Path[][] {{deployRules, RULES}, {deployDashboard, DASHBOARD}}) {
            Path copy = Chart.samos().folder().resolve(pair[1]);
            assertThat(copy).as("copy %s to helm/samos/%s", pair[0], pair[1]).exists();
            assertThat(Files.readString(copy)).as(copy.toString()).isEqualTo(Files.readString(pair[0]));
        }
        Manifests manifests = Chart.samos().render(Map.of("prometheusRule.enabled", "true",
                "grafanaDashboard.enabled", "true"));
        assertThat(manifests.custom("PrometheusRule")).hasSize(1);
    }

    private Chart copy() throws IOException {
        return Chart.samos().copyTo(folder);
    }
}
