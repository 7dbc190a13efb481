package dev.samos.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samos.autonomy.AutonomyPolicy;
import dev.samos.autonomy.NotAutonomousException;
import dev.samos.bundle.SourceCompiler;
import dev.samos.function.Kwargs;
import dev.samos.function.Pure;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A function given as Java source text (what the REST API will accept) is compiled, checked and called. */
class SourceFunctionTest {

    @TempDir
    Path folder;

    private static final String CUBE = """
            package com.example;

            import dev.samos.function.Kwargs;
            import dev.samos.function.PureFunction;

            public final class Cube implements PureFunction {
                @Override
                public Object call(Kwargs kwargs) {
                    long x = kwargs.getLong("x");
                    return x * x * x;
                }
            }
            """;

    @Test
    void aFunctionFromSourceIsCalledAndMemoizedInAFreshLoader() {
        try (LocalPortal portal = LocalPortal.open(folder)) {
            Pure cube = portal.pure(SourceCompiler.compile(CUBE), AutonomyPolicy.strict());
            assertThat(cube.name()).isEqualTo("Cube");
            assertThat(cube.call("x", 3)).isEqualTo(27L);
            assertThat(cube.call("x", 3)).isEqualTo(27L);
            assertThat(portal.record(portal.executionAddress(cube, Kwargs.of("x", 3))).orElseThrow().attempts())
                    .hasSize(1);
            // Reformatted source, same function: same bundle, so the stored result answers.
            Pure again = portal.pure(SourceCompiler.compile(CUBE.replace("    ", "\t") + "\n// a comment\n"),
                    AutonomyPolicy.strict());
            assertThat(again).isEqualTo(cube);
        }
    }

    @Test
    void aFunctionThatIsNotAutonomousIsRejectedWithWhereAndWhy() {
        String exits = CUBE.replace("long x = kwargs.getLong(\"x\");", "System.exit(3); long x = 0;");
        try (LocalPortal portal = LocalPortal.open(folder)) {
            assertThatThrownBy(() -> portal.pure(SourceCompiler.compile(exits), AutonomyPolicy.strict()))
                    .isInstanceOf(NotAutonomousException.class)
                    .hasMessageContaining("com.example.Cube.call")
                    .hasMessageContaining("java/lang/System.exit");
        }
    }
}
