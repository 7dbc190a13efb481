package dev.samos.autonomy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AutonomyPolicyTest {

    @Test
    void strictIsStrictAndDescribesItself() {
        assertThat(AutonomyPolicy.strict().isStrict()).isTrue();
        assertThat(AutonomyPolicy.strict().describe()).isEqualTo("strict");
        assertThat(AutonomyPolicy.strict().impureReason()).isEmpty();
    }

    @Test
    void allowingExtendsTheListAndLeavesTheOriginalAlone() {
        AutonomyPolicy base = AutonomyPolicy.strict();
        AutonomyPolicy wider = base.allowing("org.example.lib.", "org.apache.commons.math3.");
        assertThat(base.allowList()).isEmpty();
        assertThat(wider.allowList()).containsExactly("org.apache.commons.math3.", "org.example.lib.");
        assertThat(wider.allows("org.example.lib.Gcd")).isTrue();
        assertThat(wider.allows("org.example.other.X")).isFalse();
        assertThat(wider.describe()).isEqualTo("strict, allowing org.apache.commons.math3., org.example.lib.");
        assertThat(wider).isEqualTo(base.allowing("org.apache.commons.math3.").allowing("org.example.lib."))
                .hasSameHashCodeAs(base.allowing("org.example.lib.", "org.apache.commons.math3."));
    }

    @Test
    void impureNeedsAReason() {
        AutonomyPolicy impure = AutonomyPolicy.impure(" reads a reference table ");
        assertThat(impure.isStrict()).isFalse();
        assertThat(impure.impureReason()).contains("reads a reference table");
        assertThat(impure.describe()).isEqualTo("impure (reads a reference table)");
        assertThat(impure).isNotEqualTo(AutonomyPolicy.strict());
        assertThatThrownBy(() -> AutonomyPolicy.impure(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void allowListEntriesMustLookLikeClassNames() {
        assertThatThrownBy(() -> AutonomyPolicy.strict().allowing("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AutonomyPolicy.strict().allowing("org/example/")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AutonomyPolicy.strict().allowing("org..x")).isInstanceOf(IllegalArgumentException.class);
        assertThat(AutonomyPolicy.strict().allowing("org.example.Exact").allows("org.example.Exact")).isTrue();
    }
}
