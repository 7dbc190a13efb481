package dev.samos.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samos.function.Kwargs;
import dev.samos.function.PureFunction;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Portal#map}: a pure function over several argument lists, position by position, swarmed and memoized. */
class PortalMapTest {

    public static final class Affine implements PureFunction {
        @Override
        public Object call(Kwargs kwargs) {
            return ((Number) kwargs.get("a")).longValue() * ((Number) kwargs.get("x")).longValue()
                    + ((Number) kwargs.get("b")).longValue();
        }
    }

    @Test
    void mapsPositionByPositionInOrderAndRemembers(@TempDir Path folder) {
        try (LocalPortal portal = LocalPortal.open(folder)) {
            var affine = portal.pure(Affine.class);
            Map<String, List<?>> arguments = Map.of("a", List.of(1, 2, 3), "x", List.of(10, 20, 30),
                    "b", List.of(5, 6, 7));
            assertThat(portal.map(affine, arguments)).containsExactly(15L, 46L, 97L);
            assertThat(portal.map(affine, arguments)).containsExactly(15L, 46L, 97L);
            assertThat(portal.record(portal.executionAddress(affine, Kwargs.of("a", 2, "x", 20, "b", 6)))
                    .orElseThrow().attempts()).hasSize(1);
        }
    }

    @Test
    void refusesListsOfDifferentLengthsNamingThem(@TempDir Path folder) {
        try (LocalPortal portal = LocalPortal.open(folder)) {
            var affine = portal.pure(Affine.class);
            assertThatThrownBy(() -> portal.map(affine, Map.of("a", List.of(1, 2), "x", List.of(1))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("differ in length");
            assertThatThrownBy(() -> portal.map(affine, Map.of()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one");
        }
    }
}
