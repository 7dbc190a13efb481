package dev.samos.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromQlTest {

    @Test
    void findsTheSelectorsAndSkipsFunctionsKeywordsLabelsAndNumbers() {
        assertThat(PromQl.selectors("sum(rate(samos_executor_tasks_total{outcome=\"failed\"}[10m])) / "
                + "clamp_min(sum(rate(samos_executor_tasks_total{outcome=~\"succeeded|failed\"}[10m])), 1e-9) > 0.1"))
                .containsExactly("samos_executor_tasks_total{outcome=\"failed\"}",
                        "samos_executor_tasks_total{outcome=~\"succeeded|failed\"}");
        assertThat(PromQl.selectors("histogram_quantile(0.9, sum by (le) (rate(samos_executor_execution_seconds_bucket"
                + "[30s])))")).containsExactly("samos_executor_execution_seconds_bucket");
        assertThat(PromQl.selectors("max(samos_queue_depth) > 0 and on () (count(up{job=\"executor-service\"} == 1)"
                + " or on () vector(0)) == 0")).containsExactly("samos_queue_depth", "up{job=\"executor-service\"}");
        assertThat(PromQl.selectors("absent(up{job=\"gateway\"} == 1) or absent(up)"))
                .containsExactly("up{job=\"gateway\"}", "up");
    }
}
