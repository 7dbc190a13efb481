package dev.samos.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Every environment variable docker-compose.yml gives a Samos service names a setting that service reads: a typo
 * ({@code SAMOS_PORTAL_S3_ENDPIONT}) or a property of another service would otherwise be ignored in silence.
 */
class ComposeEnvironmentTest {

    @Test
    void everyVariableOfEveryServiceIsReadByIt() throws IOException {
        JsonNode services = DeployFiles.yaml(DeployFiles.file("docker-compose.yml")).get("services");
        List<String> unread = new ArrayList<>();
        int checked = 0;
        for (String service : DeployFiles.SERVICES) {
            ServiceConfiguration configuration = ServiceConfiguration.of(service);
            for (String variable : services.get(service).get("environment").propertyNames()) {
                checked++;
                if (!configuration.reads(variable)) {
                    unread.add(service + ": " + variable);
                }
            }
        }
        assertThat(unread).as("variables no property of their service matches").isEmpty();
        assertThat(checked).isGreaterThan(10);
    }

    @Test
    void relaxedBindingMatchesRecordsPlaceholdersAndSpringBootsOwnProperties() throws IOException {
        ServiceConfiguration portal = ServiceConfiguration.of("portal-service");
        assertThat(portal.reads("SAMOS_PORTAL_S3_ACCESS_KEY")).isTrue(); // nested record S3, dashed component
        assertThat(portal.reads("SAMOS_PORTAL_S3_ACCESSKEY")).isTrue();
        assertThat(portal.reads("SAMOS_PORTAL_REDIS_URL")).isTrue(); // a ${samos.portal.redis.url:…} placeholder
        assertThat(portal.reads("SAMOS_PORT")).isTrue(); // ${SAMOS_PORT:8081}
        assertThat(portal.reads("SPRING_DATA_REDIS_URL")).isTrue(); // Spring Boot's metadata
        assertThat(portal.reads("SAMOS_PORTAL_S3_ENDPIONT")).isFalse();
        assertThat(portal.reads("SAMOS_EXECUTOR_CONCURRENCY")).isFalse(); // the executor's, not portal-service's

        ServiceConfiguration executor = ServiceConfiguration.of("executor-service");
        assertThat(executor.reads("SAMOS_TASKS_TOPIC")).isTrue(); // the cluster module's record
        assertThat(executor.reads("SAMOS_EXECUTOR_RESOURCES_MAX_RAM_BYTES")).isTrue();
        assertThat(executor.reads("SPRING_KAFKA_PRODUCER_PROPERTIES_LINGER_MS")).isTrue(); // a Map property
        assertThat(executor.reads("SAMOS_GATEWAY_TOKENS")).isFalse();

        ServiceConfiguration gateway = ServiceConfiguration.of("gateway");
        assertThat(gateway.reads("SAMOS_GATEWAY_MAX_BODY_BYTES")).isTrue();
        assertThat(gateway.reads("LOGGING_STRUCTURED_FORMAT_CONSOLE")).isTrue();
        assertThat(gateway.reads("SAMOS_PORTAL_BACKEND")).isFalse();
    }
}
