package dev.samos.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The chart as helm lints and renders it, for the default, minimal and production-like value sets. */
class HelmChartTest {

    private static final Chart CHART = Chart.samos();
    private static final List<String> SERVICES = List.of("gateway", "portal-service", "executor");

    record ValueSet(String name, Path... files) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<ValueSet> valueSets() {
        return Stream.of(new ValueSet("default"), new ValueSet("minimal", Chart.ci("minimal")),
                new ValueSet("production", Chart.ci("production")));
    }

    @Test
    void lintFindsNothingEvenStrict() {
        LintResult lint = new Helm(CHART.folder()).lint().strict().call();

        assertThat(lint.isFailed()).as("%s", lint.getMessages()).isFalse();
        assertThat(lint.getMessages()).noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]"));
    }

    /** helm's library lints with the chart's own values only: the other sets are merged into a copy's values. */
    @ParameterizedTest
    @ValueSource(strings = {"minimal", "production"})
    void lintFindsNothingEvenStrictForTheOtherValueSets(String set, @TempDir Path folder) throws Exception {
        Chart chart = CHART.withValues(Chart.ci(set), folder);
        assertThat(Files.readString(chart.folder().resolve("values.yaml")))
                .isNotEqualTo(Files.readString(CHART.folder().resolve("values.yaml")));

        LintResult lint = new Helm(chart.folder()).lint().strict().call();

        assertThat(lint.isFailed()).as("%s", lint.getMessages()).isFalse();
        assertThat(lint.getMessages()).noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]"));
    }

    @Test
    void theChartsVersionsAreTheProjects() throws Exception {
        String pom = Files.readString(Path.of("..", "pom.xml"));
        Matcher version = Pattern.compile("<artifactId>samos-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(pom);
        assertThat(version.find()).isTrue();
        String chart = Files.readString(CHART.folder().resolve("Chart.yaml"));

        assertThat(chart).contains("\nversion: " + version.group(1) + "\n")
                .contains("\nappVersion: \"" + version.group(1) + "\"\n");
        assertThat(CHART.render().one(Deployment.class, Chart.component("gateway")).getSpec().getTemplate().getSpec()
                .getContainers().getFirst().getImage()).isEqualTo("samos/gateway:" + version.group(1));
    }

    @ParameterizedTest
    @MethodSource("valueSets")
    void everyServiceIsProbedOnActuatorAndLockedDown(ValueSet values) {
        Manifests manifests = CHART.render(values.files());

        assertThat(manifests.all(Deployment.class)).hasSize(3);
        for (String service : SERVICES) {
            PodSpec pod = pod(manifests, service);
            Container container = pod.getContainers().getFirst();
            assertThat(path(container.getStartupProbe())).isEqualTo("/actuator/health/liveness");
            assertThat(path(container.getLivenessProbe())).isEqualTo("/actuator/health/liveness");
            assertThat(path(container.getReadinessProbe())).isEqualTo("/actuator/health/readiness");
            assertThat(container.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");

            assertThat(pod.getAutomountServiceAccountToken()).isFalse();
            assertThat(pod.getEnableServiceLinks()).isFalse();
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
            assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
            var security = container.getSecurityContext();
            assertThat(security.getReadOnlyRootFilesystem()).isTrue();
            assertThat(security.getAllowPrivilegeEscalation()).isFalse();
            assertThat(security.getRunAsNonRoot()).isTrue();
            assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
            assertThat(container.getVolumeMounts()).anyMatch(m -> m.getMountPath().equals("/tmp")
                    && pod.getVolumes().stream().anyMatch(v -> v.getName().equals(m.getName())
                            && v.getEmptyDir() != null));
            assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
            assertThat(container.getResources().getLimits()).containsKey("memory");

            Service svc = manifests.one(Service.class, Chart.component(service));
            assertThat(svc.getSpec().getSelector()).isEqualTo(
                    manifests.one(Deployment.class, Chart.component(service)).getSpec().getSelector().getMatchLabels());
            assertThat(svc.getSpec().getPorts().getFirst().getTargetPort().getStrVal()).isEqualTo("http");
        }
    }

    @ParameterizedTest
    @MethodSource("valueSets")
    void secretsComeFromSecretsOnly(ValueSet values) {
        Manifests manifests = CHART.render(values.files());

        Container gateway = pod(manifests, "gateway").getContainers().getFirst();
        assertThat(env(gateway, "SPRING_PROFILES_ACTIVE").getValue()).isEqualTo("cluster");
        assertThat(env(gateway, "SAMOS_GATEWAY_TOKENS").getValueFrom().getSecretKeyRef().getName()).isNotBlank();
        for (String service : SERVICES) {
            for (EnvVar env : pod(manifests, service).getContainers().getFirst().getEnv()) {
                if (env.getName().matches(".*(TOKEN|PASSWORD|SECRET|ACCESS_KEY|REDIS_URL).*")) {
                    assertThat(env.getValue()).as(env.getName()).isNull();
                    assertThat(env.getValueFrom().getSecretKeyRef()).as(env.getName()).isNotNull();
                }
            }
        }
    }

    @Test
    void credentialsAreReferencedFromTheSecretsNamed() {
        Manifests production = CHART.render(Chart.ci("production"));
        Manifests minimal = CHART.render(Chart.ci("minimal"));

        Container portal = pod(production, "portal-service").getContainers().getFirst();
        assertThat(env(portal, "SAMOS_PORTAL_REDIS_URL").getValueFrom().getSecretKeyRef())
                .satisfies(ref -> assertThat(List.of(ref.getName(), ref.getKey())).containsExactly("samos-redis", "url"));
        assertThat(portal.getEnv()).noneMatch(e -> e.getName().startsWith("SAMOS_PORTAL_S3_"));
        assertThat(properties(production, "portal-service")).doesNotContainKey("samos.portal.redis.url")
                .doesNotContainKey("samos.portal.s3.endpoint").containsEntry("samos.portal.s3.region", "eu-west-1");

        Container minimalPortal = pod(minimal, "portal-service").getContainers().getFirst();
        assertThat(env(minimalPortal, "SAMOS_PORTAL_S3_ACCESS_KEY").getValueFrom().getSecretKeyRef().getName())
                .isEqualTo("minio-credentials");
        assertThat(env(minimalPortal, "SAMOS_PORTAL_S3_SECRET_KEY").getValueFrom().getSecretKeyRef().getKey())
                .isEqualTo("secret-key");
        assertThat(properties(minimal, "portal-service")).containsEntry("samos.portal.redis.url", "redis://redis:6379")
                .containsEntry("samos.portal.backend", "cluster");
    }

    @Test
    void theGatewayAndExecutorsShareTheTaskTopicsAndFindPortalService() {
        Manifests manifests = CHART.render(Chart.ci("production"));

        Map<String, String> gateway = properties(manifests, "gateway");
        Map<String, String> executor = properties(manifests, "executor");
        for (String key : List.of("spring.kafka.bootstrap-servers", "samos.tasks.topic", "samos.tasks.group",
                "samos.tasks.partitions", "samos.tasks.replicas", "samos.cluster.portal-service")) {
            assertThat(gateway.get(key)).as(key).isNotNull().isEqualTo(executor.get(key));
        }
        assertThat(gateway.get("samos.cluster.portal-service")).isEqualTo("http://samos-portal-service:8081");
        assertThat(executor).containsEntry("samos.tasks.partitions", "24")
                .containsEntry("samos.executor.resources.max-ram-bytes", "6442450944")
                .containsEntry("samos.executor.resources.max-cores", "4")
                .containsEntry("samos.executor.time-limit", "30m")
                .doesNotContainKey("samos.executor.resources.gpus");
        assertThat(pod(manifests, "executor").getContainers().getFirst().getImage())
                .isEqualTo("registry.example.com/acme/samos/executor-service:0.1.0");
    }

    @Test
    void onlyTheGatewayAndExecutorsReachPortalService() {
        NetworkPolicy policy = CHART.render().one(NetworkPolicy.class, Chart.component("portal-service"));

        assertThat(policy.getSpec().getPodSelector().getMatchLabels())
                .containsEntry("app.kubernetes.io/component", "portal-service");
        assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
        assertThat(policy.getSpec().getIngress()).singleElement().satisfies(rule -> {
            assertThat(rule.getFrom()).extracting(NetworkPolicyPeer::getPodSelector)
                    .extracting(LabelSelector::getMatchLabels)
                    .extracting(labels -> labels.get("app.kubernetes.io/component"))
                    .containsExactlyInAnyOrder("gateway", "executor");
            assertThat(rule.getFrom()).allMatch(peer -> peer.getNamespaceSelector() == null
                    && peer.getPodSelector().getMatchLabels().get("app.kubernetes.io/instance").equals(Chart.RELEASE));
            assertThat(rule.getPorts()).singleElement()
                    .satisfies(port -> assertThat(port.getPort().getStrVal()).isEqualTo("http"));
        });

        NetworkPolicy production = CHART.render(Chart.ci("production"))
                .one(NetworkPolicy.class, Chart.component("portal-service"));
        assertThat(production.getSpec().getIngress().getFirst().getFrom()).hasSize(3)
                .anyMatch(peer -> peer.getNamespaceSelector() != null && peer.getNamespaceSelector().getMatchLabels()
                        .get("kubernetes.io/metadata.name").equals("monitoring"));
        assertThat(CHART.render(Chart.ci("minimal")).all(NetworkPolicy.class)).isEmpty();
    }

    @Test
    void executorsScaleOnCpuByDefault() {
        Manifests manifests = CHART.render();

        HorizontalPodAutoscaler hpa = manifests.one(HorizontalPodAutoscaler.class, Chart.component("executor"));
        assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(Chart.component("executor"));
        assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
        assertThat(List.of(hpa.getSpec().getMinReplicas(), hpa.getSpec().getMaxReplicas())).containsExactly(2, 10);
        assertThat(hpa.getSpec().getMetrics()).singleElement().satisfies(metric -> {
            assertThat(metric.getResource().getName()).isEqualTo("cpu");
            assertThat(metric.getResource().getTarget().getAverageUtilization()).isEqualTo(75);
        });
        // The HPA owns the replica count; a fixed one in the Deployment would fight it on every upgrade.
        assertThat(manifests.one(Deployment.class, Chart.component("executor")).getSpec().getReplicas()).isNull();
        assertThat(manifests.custom("ScaledObject")).isEmpty();
    }

    @Test
    void kedaScalesExecutorsOnSamossQueueDepth() {
        Manifests manifests = CHART.render(Chart.ci("production"));

        assertThat(manifests.all(HorizontalPodAutoscaler.class)).isEmpty();
        assertThat(manifests.one(Deployment.class, Chart.component("executor")).getSpec().getReplicas()).isNull();
        GenericKubernetesResource scaled = manifests.custom("ScaledObject").getFirst();
        assertThat(scaled.getApiVersion()).isEqualTo("keda.sh/v1alpha1");
        assertThat(scaled.<String>get("spec", "scaleTargetRef", "name")).isEqualTo(Chart.component("executor"));
        assertThat(scaled.<Integer>get("spec", "minReplicaCount")).isEqualTo(2);
        assertThat(scaled.<Integer>get("spec", "maxReplicaCount")).isEqualTo(50);
        List<Map<String, Object>> triggers = scaled.get("spec", "triggers");
        assertThat(triggers).singleElement().satisfies(trigger -> {
            assertThat(trigger).containsEntry("type", "prometheus").containsEntry("metricType", "AverageValue");
            @SuppressWarnings("unchecked")
            Map<String, Object> metadata = (Map<String, Object>) trigger.get("metadata");
            assertThat(metadata).containsEntry("serverAddress", "http://prometheus-operated.monitoring.svc:9090")
                    .containsEntry("threshold", "200");
            // The executors' gauge (executor-service ExecutorMetrics: samos.executor.queue.depth), the gateway's
            // PENDING count (PortalMetrics: samos.queue.depth) while no executor runs.
            assertThat((String) metadata.get("query")).isEqualTo(
                    "max(samos_executor_queue_depth{namespace=\"compute\",service=\"samos-executor\"})"
                            + " or max(samos_queue_depth{namespace=\"compute\",service=\"samos-gateway\"})");
        });
    }

    @Test
    void hpaAndKedaTogetherAreRefused() {
        assertThatThrownBy(() -> CHART.template(Map.of("keda.enabled", "true")))
                .hasMessageContaining("executor.autoscaling.enabled and keda.enabled are exclusive");
    }

    @Test
    void minimalRunsFixedReplicasWithoutBudgets() {
        Manifests manifests = CHART.render(Chart.ci("minimal"));

        assertThat(manifests.one(Deployment.class, Chart.component("executor")).getSpec().getReplicas()).isEqualTo(1);
        assertThat(manifests.all(HorizontalPodAutoscaler.class)).isEmpty();
        assertThat(manifests.all(PodDisruptionBudget.class)).isEmpty();
        assertThat(pod(manifests, "executor").getAffinity()).isNull();
    }

    @Test
    void executorsSpreadOverNodes() {
        var soft = pod(CHART.render(), "executor").getAffinity().getPodAntiAffinity();
        assertThat(soft.getRequiredDuringSchedulingIgnoredDuringExecution()).isEmpty();
        assertThat(soft.getPreferredDuringSchedulingIgnoredDuringExecution()).singleElement().satisfies(term -> {
            assertThat(term.getPodAffinityTerm().getTopologyKey()).isEqualTo("kubernetes.io/hostname");
            assertThat(term.getPodAffinityTerm().getLabelSelector().getMatchLabels())
                    .containsEntry("app.kubernetes.io/component", "executor");
        });

        var hard = pod(CHART.render(Chart.ci("production")), "executor").getAffinity().getPodAntiAffinity();
        assertThat(hard.getRequiredDuringSchedulingIgnoredDuringExecution()).singleElement()
                .satisfies(term -> assertThat(term.getTopologyKey()).isEqualTo("kubernetes.io/hostname"));
    }

    @Test
    void disruptionBudgetsCoverEveryService() {
        Manifests manifests = CHART.render(Chart.ci("production"));

        assertThat(manifests.all(PodDisruptionBudget.class)).hasSize(3);
        for (String service : SERVICES) {
            PodDisruptionBudget pdb = manifests.one(PodDisruptionBudget.class, Chart.component(service));
            assertThat(pdb.getSpec().getSelector().getMatchLabels()).isEqualTo(
                    manifests.one(Deployment.class, Chart.component(service)).getSpec().getSelector().getMatchLabels());
        }
        assertThat(manifests.one(PodDisruptionBudget.class, Chart.component("executor")).getSpec().getMaxUnavailable()
                .getStrVal()).isEqualTo("25%");
    }

    @Test
    void serviceMonitorsScrapeEveryServiceTheGatewayWithItsToken() {
        List<GenericKubernetesResource> monitors = CHART.render(Chart.ci("production")).custom("ServiceMonitor");

        assertThat(monitors).hasSize(3);
        for (GenericKubernetesResource monitor : monitors) {
            assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "kube-prometheus-stack");
            List<Map<String, Object>> endpoints = monitor.get("spec", "endpoints");
            assertThat(endpoints).singleElement().satisfies(endpoint -> assertThat(endpoint)
                    .containsEntry("port", "http").containsEntry("path", "/actuator/prometheus"));
        }
        GenericKubernetesResource gateway = monitors.stream()
                .filter(m -> m.getMetadata().getName().equals(Chart.component("gateway"))).findFirst().orElseThrow();
        assertThat(gateway.<String>get("spec", "endpoints", 0, "authorization", "credentials", "name"))
                .isEqualTo("samos-gateway-tokens");
        assertThat(gateway.<String>get("spec", "endpoints", 0, "authorization", "credentials", "key"))
                .isEqualTo("scrape-token");
        assertThat(CHART.render().custom("ServiceMonitor")).isEmpty();
    }

    @Test
    void aGatewayWithoutTokenSecretIsRefused() {
        assertThatThrownBy(() -> CHART.template(Map.of("gateway.auth.existingSecret", "")))
                .hasMessageContaining("/gateway/auth/existingSecret");
    }

    @Test
    void notesTellHowToReachTheGateway() {
        String notes = CHART.installDryRun();
        assertThat(notes).contains("kubectl -n compute port-forward service/samos-gateway 8080:8080")
                .contains("get secret samos-gateway-token -o jsonpath='{.data.tokens}'")
                .contains("http://samos-gateway.compute.svc:8080")
                .contains("Authorization: Bearer $SAMOS_TOKEN");

        String production = CHART.installDryRun(Chart.ci("production"));
        assertThat(production).contains("get service samos-gateway -o jsonpath='{.status.loadBalancer.ingress[0].ip}'")
                .contains("KEDA on the queue depth, 2-50").doesNotContain("port-forward");
    }

    static PodSpec pod(Manifests manifests, String service) {
        return manifests.one(Deployment.class, Chart.component(service)).getSpec().getTemplate().getSpec();
    }

    static EnvVar env(Container container, String name) {
        return container.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " in " + container.getEnv()));
    }

    static String path(Probe probe) {
        return probe.getHttpGet().getPath();
    }

    /** The Spring properties a service's ConfigMap gives it. */
    static Map<String, String> properties(Manifests manifests, String service) {
        String file = manifests.one(ConfigMap.class, Chart.component(service)).getData().get("application.properties");
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> map = new TreeMap<>();
        properties.forEach((k, v) -> map.put((String) k, (String) v));
        return map;
    }
}
