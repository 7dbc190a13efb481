package dev.samos.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** values.schema.json, as helm enforces it at template time: bad values fail, naming the value. */
class ValuesSchemaTest {

    @TempDir
    Path folder;

    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of("negative replicas", "executor:\n  replicas: -1\n", "/executor/replicas"),
                Arguments.of("a literal token", "gateway:\n  auth:\n    token: s3cr3t\n",
                        "at '/gateway/auth': additional properties 'token' not allowed"),
                Arguments.of("an unknown key", "executer:\n  replicas: 3\n",
                        "additional properties 'executer' not allowed"),
                Arguments.of("an unknown nested key", "keda:\n  treshold: 10\n", "treshold"),
                Arguments.of("a token as a property", "gateway:\n  properties:\n    samos.gateway.tokens: s3cr3t\n",
                        "samos.gateway.tokens"),
                Arguments.of("an S3 key as a property",
                        "portalService:\n  properties:\n    samos.portal.s3.secret-key: abc\n",
                        "samos.portal.s3.secret-key"),
                Arguments.of("a password in the Redis URL", "redis:\n  url: redis://:hunter2@redis:6379\n",
                        "/redis/url"),
                Arguments.of("a literal secret in the environment",
                        "executor:\n  extraEnv:\n    - name: SPRING_KAFKA_PROPERTIES_SASL_PASSWORD\n      value: x\n",
                        "/executor/extraEnv/0"),
                Arguments.of("a zero KEDA threshold", "keda:\n  threshold: 0\n", "/keda/threshold"),
                Arguments.of("an unknown anti-affinity", "executor:\n  antiAffinity: strict\n",
                        "/executor/antiAffinity"),
                Arguments.of("a port out of range", "gateway:\n  service:\n    port: 70000\n",
                        "/gateway/service/port"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badValues")
    void badValuesAreRefusedNamingTheValue(String what, String yaml, String named) throws IOException {
        Path values = Files.writeString(folder.resolve("values.yaml"), yaml);

        assertThatThrownBy(() -> Chart.samos().template(Map.of(), values))
                .hasMessageContaining("values don't meet the specifications of the schema")
                .hasMessageContaining(named);
    }

    @Test
    void aSecretComesInTheEnvironmentByReference() throws IOException {
        Path values = Files.writeString(folder.resolve("values.yaml"), """
                executor:
                  extraEnv:
                    - name: SPRING_KAFKA_PROPERTIES_SASL_PASSWORD
                      valueFrom:
                        secretKeyRef: {name: kafka-user, key: password}
                """);

        assertThat(Chart.samos().template(Map.of(), values)).contains("name: kafka-user");
    }
}
