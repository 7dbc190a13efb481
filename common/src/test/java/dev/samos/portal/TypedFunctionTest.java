package dev.samos.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samos.examples.Hypot;
import dev.samos.function.ArgumentException;
import dev.samos.function.Kwargs;
import dev.samos.function.Pure;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TypedFunctionTest {

    @TempDir
    Path folder;

    @Test
    void aRecordOfArgumentsIsTheSameCallAsItsKwargs() {
        try (Portal portal = Portal.local(folder)) {
            Pure hypot = portal.pure(Hypot.class);
            assertThat(hypot.call(Double.class, new Hypot.Sides(3, 4))).isEqualTo(5.0);
            assertThat(hypot.call("a", 3.0, "b", 4.0)).isEqualTo(5.0);
            assertThat(portal.executionAddress(hypot, Kwargs.from(new Hypot.Sides(3, 4))))
                    .isEqualTo(portal.executionAddress(hypot, Kwargs.of("a", 3.0, "b", 4.0)));
            assertThat(portal.record(portal.executionAddress(hypot, Kwargs.of("a", 3.0, "b", 4.0))).orElseThrow()
                    .attempts()).hasSize(1);
        }
    }

    @Test
    void missingExtraAndWronglyTypedArgumentsAreNamed() {
        try (Portal portal = Portal.local(folder)) {
            Pure hypot = portal.pure(Hypot.class);
            assertThatThrownBy(() -> hypot.call("a", 3.0))
                    .isInstanceOf(ArgumentException.class).hasMessageContaining("argument 'b': missing");
            assertThatThrownBy(() -> hypot.call("a", 3.0, "b", 4.0, "c", 5.0))
                    .isInstanceOf(ArgumentException.class)
                    .hasMessageContaining("argument 'c': unexpected (Sides takes [a, b])");
            assertThatThrownBy(() -> hypot.call("a", "three", "b", 4.0))
                    .isInstanceOf(ArgumentException.class).hasMessageContaining("argument 'a': expected a number");
        }
    }

    @Test
    void integersBindToNarrowerComponentsOnlyWhenTheyFit() {
        record Small(int n, short s) {
        }
        assertThat(Kwargs.of("n", 5L, "s", 7).bind(Small.class)).isEqualTo(new Small(5, (short) 7));
        assertThatThrownBy(() -> Kwargs.of("n", 1L << 40, "s", 1).bind(Small.class))
                .isInstanceOf(ArgumentException.class).hasMessageContaining("argument 'n'");
        assertThatThrownBy(() -> Kwargs.of("n", 1, "s", 70_000).bind(Small.class))
                .isInstanceOf(ArgumentException.class).hasMessageContaining("argument 's'");
    }
}
