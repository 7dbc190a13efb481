package dev.samos.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;

class SourceCompilerTest {

    @Test
    void aCompileErrorNamesLineColumnAndMessage() {
        String source = """
                public class Broken {
                    public Object call() {
                        int x = missing + 1;
                        return x;
                    }
                }
                """;
        CompilationException e = catchThrowableOfType(CompilationException.class, () -> SourceCompiler.compile(source));
        assertThat(e.errors()).hasSize(1);
        SourceError error = e.errors().getFirst();
        assertThat(error.line()).isEqualTo(3);
        assertThat(error.column()).isEqualTo(17);
        assertThat(error.message()).startsWith("cannot find symbol").contains("missing").doesNotContain("\n");
        assertThat(e).hasMessageContaining("Line 3, column 17: cannot find symbol");
    }

    @Test
    void everyErrorIsListed() {
        String source = """
                public class Broken {
                    int a = one;
                    int b = two;
                    String c = 3;
                }
                """;
        CompilationException e = catchThrowableOfType(CompilationException.class, () -> SourceCompiler.compile(source));
        assertThat(e.errors()).extracting(SourceError::line).containsExactly(2L, 3L, 4L);
        assertThat(e).hasMessageContaining("3 errors").hasMessageContaining("Line 4, column 16: incompatible types");
    }

    @Test
    void aSyntaxErrorIsReportedToo() {
        assertThatThrownBy(() -> SourceCompiler.compile("public class Broken { int x = ; }"))
                .isInstanceOf(CompilationException.class).hasMessageContaining("Line 1, column 31: illegal start of expression");
    }

    @Test
    void anOversizeSourceIsRejectedBeforeCompiling() {
        String huge = "public class Big {}\n" + "//".repeat(SourceCompiler.MAX_SOURCE_BYTES / 2);
        assertThatThrownBy(() -> SourceCompiler.compile(huge)).isInstanceOf(CompilationException.class)
                .hasMessageContaining("at most " + SourceCompiler.MAX_SOURCE_BYTES + " bytes");
        assertThatThrownBy(() -> SourceCompiler.compile("  ")).isInstanceOf(CompilationException.class)
                .hasMessageContaining("empty");
    }

    @Test
    void theSourceDeclaresExactlyOnePublicTopLevelClass() {
        assertThatThrownBy(() -> SourceCompiler.compile("class Hidden {}")).isInstanceOf(CompilationException.class)
                .hasMessageContaining("exactly one public top-level class").hasMessageContaining("none");
        assertThatThrownBy(() -> SourceCompiler.compile("public class A {}\npublic class B {}"))
                .isInstanceOf(CompilationException.class).hasMessageContaining("[A, B]");
        assertThatThrownBy(() -> SourceCompiler.compile("public class A {}\nclass Helper {}"))
                .isInstanceOf(CompilationException.class)
                .hasMessageContaining("top-level classes [Helper] are not part of the function's bundle");
    }

    @Test
    void theSamosApiIsOnTheClassPath() {
        FunctionBundle bundle = SourceCompiler.compile("""
                package com.example;

                import dev.samos.address.ValueAddress;

                public class Addressing {
                    public Object call(java.util.Map<String, Object> kwargs) {
                        return ValueAddress.of(kwargs).toString();
                    }
                }
                """);
        assertThat(bundle.mainClass()).isEqualTo("com.example.Addressing");
    }

    @Test
    void theDefaultPackageWorks() {
        assertThat(SourceCompiler.compile("public class Plain { }").mainClass()).isEqualTo("Plain");
    }
}
