package dev.samos.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samos.helm.testkit.PropertiesRead;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Every environment variable docker-compose.yml gives a Samos service names a setting that service reads: a typo
 * ({@code SAMOS_PORTAL_S3_ENDPIONT}) or a property of another service would otherwise be ignored in silence. What a
 * service reads is {@link PropertiesRead} (the helm module's testkit, which checks the chart the same way) over the
 * service's modules and the Spring Boot jars packaged in its jar.
 */
class ComposeEnvironmentTest {

    private static PropertiesRead read(String service) {
        List<String> modules = switch (service) {
            case "gateway", "executor-service" -> List.of(service, "cluster", "common");
            case "portal-service" -> List.of(service, "common");
            default -> throw new IllegalArgumentException("not a Samos service: " + service);
        };
        List<Path> folders = modules.stream().map(DeployFiles::file).toList();
        return PropertiesRead.ofPackaged(folders, DeployFiles.jar(service));
    }

    @Test
    void everyVariableOfEveryServiceIsReadByIt() throws IOException {
        JsonNode services = DeployFiles.yaml(DeployFiles.file("docker-compose.yml")).get("services");
        List<String> unread = new ArrayList<>();
        int checked = 0;
        for (String service : DeployFiles.SERVICES) {
            PropertiesRead configuration = read(service);
            for (String variable : services.get(service).get("environment").propertyNames()) {
                checked++;
                if (!configuration.readsEnvironment(variable)) {
                    unread.add(service + ": " + variable);
                }
            }
        }
        assertThat(unread).as("variables no property of their service matches").isEmpty();
        assertThat(checked).isGreaterThan(10);
    }

    @Test
    void relaxedBindingMatchesRecordsPlaceholdersAndSpringBootsOwnProperties() throws IOException {
        PropertiesRead portal = read("portal-service");
        // nested record S3, dashed component
        assertThat(portal.readsEnvironment("SAMOS_PORTAL_S3_ACCESS_KEY")).isTrue();
        assertThat(portal.readsEnvironment("SAMOS_PORTAL_S3_ACCESSKEY")).isTrue();
        // a ${samos.portal.redis.url:…} placeholder
        assertThat(portal.readsEnvironment("SAMOS_PORTAL_REDIS_URL")).isTrue();
        assertThat(portal.readsEnvironment("SAMOS_PORT")).isTrue(); // ${SAMOS_PORT:8081}
        assertThat(portal.readsEnvironment("SPRING_DATA_REDIS_URL")).isTrue(); // Spring Boot's metadata
        assertThat(portal.readsEnvironment("SAMOS_PORTAL_S3_ENDPIONT")).isFalse();
        // the executor's, not portal-service's
        assertThat(portal.readsEnvironment("SAMOS_EXECUTOR_CONCURRENCY")).isFalse();

        PropertiesRead executor = read("executor-service");
        assertThat(executor.readsEnvironment("SAMOS_TASKS_TOPIC")).isTrue(); // the cluster module's record
        assertThat(executor.readsEnvironment("SAMOS_EXECUTOR_RESOURCES_MAX_RAM_BYTES")).isTrue();
        // a Map property
        assertThat(executor.readsEnvironment("SPRING_KAFKA_PRODUCER_PROPERTIES_LINGER_MS")).isTrue();
        assertThat(executor.readsEnvironment("SAMOS_GATEWAY_TOKENS")).isFalse();

        PropertiesRead gateway = read("gateway");
        assertThat(gateway.readsEnvironment("SAMOS_GATEWAY_MAX_BODY_BYTES")).isTrue();
        assertThat(gateway.readsEnvironment("LOGGING_STRUCTURED_FORMAT_CONSOLE")).isTrue();
        assertThat(gateway.readsEnvironment("SAMOS_PORTAL_BACKEND")).isFalse();
    }
}
