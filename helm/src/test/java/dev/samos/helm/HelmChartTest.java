package dev.samos.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class HelmChartTest {

    @Test
    void defaultValuesRender() {
        String out = Chart.samos().template(Map.of());
        System.out.println(out);
        assertThat(Manifests.parse(out).names()).isNotEmpty();
    }
}
