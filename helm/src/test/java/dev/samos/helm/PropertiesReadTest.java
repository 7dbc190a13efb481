package dev.samos.helm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samos.helm.testkit.PropertiesRead;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every property the chart gives a service, in its ConfigMap or its environment, is one that service reads. */
class PropertiesReadTest {

    private static final Map<String, PropertiesRead> SERVICES = Map.of(
            "gateway", PropertiesRead.of(modules("gateway", "cluster", "common"),
                    List.of("spring-boot", "spring-boot-kafka")),
            "portal-service", PropertiesRead.of(modules("portal-service", "common"),
                    List.of("spring-boot", "spring-boot-data-redis")),
            "executor", PropertiesRead.of(modules("executor-service", "cluster", "common"),
                    List.of("spring-boot", "spring-boot-kafka")));

    static Stream<Arguments> valueSets() {
        return Stream.of(Arguments.of("default", new Path[0]),
                Arguments.of("minimal", new Path[] {Chart.ci("minimal")}),
                Arguments.of("production", new Path[] {Chart.ci("production")}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valueSets")
    void everyPropertyAndVariableSetIsRead(String name, Path[] values) {
        Manifests manifests = Chart.samos().render(values);

        for (Map.Entry<String, PropertiesRead> service : SERVICES.entrySet()) {
            PropertiesRead read = service.getValue();
            assertThat(HelmChartTest.properties(manifests, service.getKey()).keySet())
                    .as("%s's ConfigMap", service.getKey()).isNotEmpty().allMatch(read::reads);
            assertThat(HelmChartTest.pod(manifests, service.getKey()).getContainers().getFirst().getEnv())
                    .extracting(EnvVar::getName).as("%s's environment", service.getKey())
                    .isNotEmpty().allMatch(read::readsEnvironment);
        }
    }

    @Test
    void theReadPropertiesAreEachServicesOwn() {
        PropertiesRead gateway = SERVICES.get("gateway");
        PropertiesRead portal = SERVICES.get("portal-service");
        PropertiesRead executor = SERVICES.get("executor");

        assertThat(gateway.readsEnvironment("SAMOS_GATEWAY_TOKENS")).isTrue();
        assertThat(gateway.readsEnvironment("SAMOS_GATEWAY_TOKEN")).isFalse();
        assertThat(gateway.reads("samos.tasks.group")).isTrue();
        assertThat(gateway.reads("samos.tasks.publish-timeout")).isTrue();
        assertThat(gateway.reads("samos.executor.time-limit")).isFalse();
        assertThat(executor.reads("samos.executor.resources.max-ram-bytes")).isTrue();
        assertThat(executor.reads("samos.executor.resources.max-ram")).isFalse();
        assertThat(portal.readsEnvironment("SAMOS_PORTAL_S3_SECRET_KEY")).isTrue();
        assertThat(portal.reads("samos.portal.redis.url")).isTrue();
        assertThat(portal.reads("samos.portal.index.prefix")).isTrue();
        assertThat(portal.reads("spring.kafka.bootstrap-servers")).isFalse();
        assertThat(executor.readsEnvironment("SPRING_KAFKA_PROPERTIES_SASL_MECHANISM")).isTrue();
        assertThat(executor.readsEnvironment("SPRING_PROFILES_ACTIVE")).isTrue();
        assertThat(executor.readsEnvironment("SPRING_KAFKA_BOOTSTRAP")).isFalse();
    }

    private static List<Path> modules(String... names) {
        return Stream.of(names).map(n -> Path.of("..", n)).toList();
    }
}
