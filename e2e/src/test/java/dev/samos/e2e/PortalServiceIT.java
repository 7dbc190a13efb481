package dev.samos.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samos.address.ValueAddress;
import dev.samos.portal.PortalEngine;
import dev.samos.portal.PortalOptions;
import dev.samos.portal.service.ServicePortal;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.S3Client;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * portal-service from its packaged jar on the cluster backend (the suite's Redis and S3Mock): healthy with both
 * backends, and a value put through {@link ServicePortal} in one JVM's portal is read back by another portal and
 * lies in S3 where the address says.
 */
class PortalServiceIT {

    @RegisterExtension
    static final SwarmCluster CLUSTER = SwarmCluster.builder().build();

    @Test
    void portalServiceIsUpOnRedisAndS3() throws Exception {
        ServiceProcess service = CLUSTER.portalServiceProcess();
        assertThat(service.isAlive()).isTrue();
        assertThat(service.command()).contains("--samos.portal.backend=cluster");
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(service.uri("/actuator/health"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            JsonNode body = JsonMapper.builder().build().readTree(health.body());
            assertThat(body.path("status").asString()).isEqualTo("UP");
            JsonNode s3 = component(body, "s3");
            JsonNode redis = component(body, "redis");
            assertThat(s3.path("status").asString()).as(health.body()).isEqualTo("UP");
            assertThat(redis.path("status").asString()).as(health.body()).isEqualTo("UP");
            assertThat(s3.path("details").path("bucket").asString()).isEqualTo("s3://" + Suite.BUCKET + "/");
            assertThat(redis.path("details").path("index").asString()).isEqualTo("built");
        }
    }

    private static JsonNode component(JsonNode health, String name) {
        JsonNode components = health.path("components");
        if (components.has(name)) {
            return components.get(name);
        }
        throw new AssertionError("no health component " + name + " in " + health);
    }

    @Test
    void aValuePutThroughOnePortalIsReadBackByAnother() {
        URI service = CLUSTER.portalService();
        Map<String, Object> value = Map.of("greeting", "hello from e2e", "n", BigInteger.TWO.pow(100),
                "list", List.of(1L, 2L, 3L), "at", System.nanoTime());
        ValueAddress address;
        try (PortalEngine writer = ServicePortal.open(service, PortalOptions.defaults().withWorkers(0))) {
            address = writer.putValue(value);
        }
        // A second portal (a new client with an empty cache) reads it from the service.
        try (PortalEngine reader = ServicePortal.open(service, PortalOptions.defaults().withWorkers(0))) {
            assertThat(reader.hasValue(address)).isTrue();
            assertThat(reader.getValue(address)).isEqualTo(value);
        }
        try (S3Client s3 = Suite.s3().client()) {
            String key = "values/" + address.toPath();
            assertThat(s3.headObject(b -> b.bucket(Suite.BUCKET).key(key)).contentLength())
                    .as("s3://%s/%s", Suite.BUCKET, key).isPositive();
        }
    }
}
