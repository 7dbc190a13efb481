package dev.samos.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

/** The strict parse the chart's tests rely on: what it refuses, so that a typo in a template cannot pass. */
class ManifestsTest {

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: d
            spec:
              replicas: 2
              selector:
                matchLabels: {app: d}
              template:
                metadata:
                  labels: {app: d}
                spec:
                  containers:
                    - name: c
                      image: i
                      readinessProbe:
                        httpGet: {path: /actuator/health/readiness, port: http}
            """;

    @Test
    void aValidManifestParsesIntoTheModel() {
        Manifests manifests = Manifests.parse(DEPLOYMENT + "---\n# only a comment\n");

        assertThat(manifests.names()).containsExactly("Deployment/d");
        assertThat(manifests.one(Deployment.class, "d").getSpec().getTemplate().getSpec().getContainers().getFirst()
                .getReadinessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/readiness");
    }

    @Test
    void aFieldTheModelDoesNotKnowFailsNamingItsPlace() {
        String typo = DEPLOYMENT.replace("readinessProbe:", "readinesProbe:");

        assertThatThrownBy(() -> Manifests.parse(typo)).hasMessageContaining("unknown field")
                .hasMessageContaining("Deployment d.Spec.Template.Spec.Containers[0].[readinesProbe]");
    }

    @Test
    void aValueOfTheWrongTypeFails() {
        assertThatThrownBy(() -> Manifests.parse(DEPLOYMENT.replace("replicas: 2", "replicas: two")))
                .hasMessageContaining("replicas");
    }

    @Test
    void aKindTheTestsDoNotKnowFails() {
        assertThatThrownBy(() -> Manifests.parse("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n"))
                .hasMessageContaining("v1/Pod");
    }
}
