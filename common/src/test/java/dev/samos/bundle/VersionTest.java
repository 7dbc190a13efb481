package dev.samos.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samos.autonomy.AutonomyChecker;
import dev.samos.autonomy.AutonomyPolicy;
import org.junit.jupiter.api.Test;

/** Bumping {@code @Version} forces recomputation: it changes the bundle address, and nothing else does the same. */
class VersionTest {

    private static final String SOURCE = """
            package com.example;

            import dev.samos.function.Kwargs;
            import dev.samos.function.PureFunction;
            import dev.samos.function.Version;

            @Version("1")
            public final class Salted implements PureFunction {
                @Override
                public Object call(Kwargs kwargs) {
                    return kwargs.getLong("x") + 1;
                }
            }
            """;

    @Test
    void aNewVersionIsANewFunction() {
        FunctionBundle v1 = SourceCompiler.compile(SOURCE);
        FunctionBundle v1Again = SourceCompiler.compile(SOURCE.replace("return", "/* same */ return"));
        FunctionBundle v2 = SourceCompiler.compile(SOURCE.replace("@Version(\"1\")", "@Version(\"2\")"));
        assertThat(v1Again.address()).isEqualTo(v1.address());
        assertThat(v2.address()).isNotEqualTo(v1.address());
        assertThat(AutonomyChecker.violations(v2, AutonomyPolicy.strict())).isEmpty();
    }
}
