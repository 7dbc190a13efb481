package dev.samos.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * docker-compose.yml against the Compose Specification's JSON schema (no Docker engine here to run
 * {@code docker compose config}), and what the issue asks of it: the services, their order of start, health checks,
 * named volumes, secrets only from {@code .env}.
 */
class ComposeFileTest {

    private static Schema schema;
    private static JsonNode compose;

    @BeforeAll
    static void load() throws IOException {
        String text;
        try (InputStream in = ComposeFileTest.class.getResourceAsStream("/compose-spec.schema.json")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        // The compose schema names its dialect by an https URI the validator does not know offline; it is draft 7.
        text = text.replace("\"https://json-schema.org/draft-07/schema\"", "\"http://json-schema.org/draft-07/schema#\"");
        // Its relative $id resolves against where it was loaded from.
        schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7).getSchema(
                SchemaLocation.of("classpath:compose-spec.schema.json"), DeployFiles.JSON.readTree(text));
        compose = DeployFiles.yaml(DeployFiles.file("docker-compose.yml"));
    }

    @Test
    void isValidAgainstTheComposeSpecification() {
        assertThat(schema.validate(compose)).isEmpty();
    }

    @Test
    void theSchemaRefusesWhatComposeWouldRefuse() {
        ObjectNode broken = (ObjectNode) compose.deepCopy();
        ((ObjectNode) broken.get("services").get("executor-service").get("depends_on").get("kafka"))
                .put("condition", "service_up");
        ((ObjectNode) broken.get("services").get("gateway")).put("restart_policy", "always");
        ((ObjectNode) broken.get("services").get("redis").get("healthcheck")).put("interval", 10);
        List<String> messages = new ArrayList<>();
        for (Error error : schema.validate(broken)) {
            messages.add(error.getInstanceLocation() + " " + error.getMessage());
        }
        assertThat(String.join("\n", messages))
                .contains("/services/executor-service/depends_on/kafka/condition")
                .contains("/services/gateway property 'restart_policy' is not defined")
                .contains("/services/redis/healthcheck/interval integer found, string expected");
    }

    @Test
    void runsTheWholeClusterWithTwoExecutorsAndTheGatewayOn8080() {
        assertThat(names(compose.get("services"))).containsExactlyInAnyOrder("kafka", "redis", "minio",
                "minio-bucket", "portal-service", "executor-service", "gateway", "prometheus", "grafana");
        JsonNode services = compose.get("services");
        assertThat(services.get("executor-service").get("deploy").get("replicas").asInt()).isEqualTo(2);
        // Scaling needs replicas that claim no host port and no container name.
        assertThat(services.get("executor-service").has("ports")).isFalse();
        assertThat(services.get("executor-service").has("container_name")).isFalse();
        assertThat(services.get("gateway").get("ports").get(0).asString()).isEqualTo("0.0.0.0:8080:8080");
        for (String service : DeployFiles.SERVICES) {
            assertThat(services.get(service).get("image").asString())
                    .startsWith("samos/" + service + ":${SAMOS_VERSION:-0.1.0-SNAPSHOT}");
            assertThat(services.get(service).get("build").get("args").get("SERVICE").asString()).isEqualTo(service);
        }
        assertThat(services.get("gateway").get("build").get("args").get("RUNTIME").asString())
                .isEqualTo("eclipse-temurin:25-jdk");
    }

    @Test
    void kafkaIsKraftWithShareGroups() {
        JsonNode kafka = compose.get("services").get("kafka");
        assertThat(kafka.get("image").asString()).startsWith("apache/kafka:4.");
        JsonNode env = kafka.get("environment");
        assertThat(env.get("KAFKA_PROCESS_ROLES").asString()).isEqualTo("broker,controller");
        assertThat(env.get("KAFKA_GROUP_SHARE_ENABLE").asString()).isEqualTo("true");
        assertThat(env.has("KAFKA_ZOOKEEPER_CONNECT")).isFalse();
    }

    @Test
    void everyLongRunningServiceHasAHealthCheckAndStartsAfterWhatItNeedsIsHealthy() {
        JsonNode services = compose.get("services");
        for (String name : names(services)) {
            JsonNode service = services.get(name);
            if (!name.equals("minio-bucket")) {
                boolean ownCheck = service.has("healthcheck");
                boolean imageCheck = DeployFiles.SERVICES.contains(name); // the image's HEALTHCHECK
                assertThat(ownCheck || imageCheck).as(name + " has a health check").isTrue();
            }
            for (JsonNode condition : service.path("depends_on")) {
                assertThat(condition.get("condition").asString()).as(name + "'s depends_on")
                        .isIn("service_healthy", "service_completed_successfully");
            }
        }
        assertThat(names(services.get("portal-service").get("depends_on"))).contains("redis", "minio-bucket");
        assertThat(names(services.get("executor-service").get("depends_on"))).contains("kafka", "portal-service");
        assertThat(names(services.get("gateway").get("depends_on"))).contains("kafka", "portal-service");
    }

    @Test
    void dataLivesInNamedVolumesAndRedisPersists() {
        List<String> declared = names(compose.get("volumes"));
        for (String service : List.of("kafka", "redis", "minio", "prometheus", "grafana")) {
            String volume = compose.get("services").get(service).get("volumes").get(
                    service.equals("prometheus") || service.equals("grafana") ? 2 : 0).asString();
            assertThat(declared).contains(volume.substring(0, volume.indexOf(':')));
        }
        assertThat(compose.get("services").get("redis").get("command").toString()).contains("\"--appendonly\",\"yes\"");
    }

    /** Secrets come from .env: a password, token or key is an interpolation, never a literal. */
    @Test
    void noSecretIsWrittenInTheFile() {
        List<String> literal = new ArrayList<>();
        for (Map.Entry<String, JsonNode> service : compose.get("services").properties()) {
            for (Map.Entry<String, JsonNode> variable : service.getValue().path("environment").properties()) {
                if (variable.getKey().matches(".*(PASSWORD|TOKEN|SECRET|ACCESS_KEY).*")
                        && !variable.getValue().asString().startsWith("${")) {
                    literal.add(service.getKey() + "." + variable.getKey());
                }
            }
        }
        assertThat(literal).isEmpty();
        assertThat(compose.get("secrets").get("samos_token").get("environment").asString()).isEqualTo("SAMOS_TOKEN");
    }

    private static List<String> names(JsonNode object) {
        return new ArrayList<>(object.propertyNames());
    }
}
