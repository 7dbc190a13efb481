package dev.samos.bundle;

import static dev.samos.bundle.Sources.BASE;
import static dev.samos.bundle.Sources.replace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samos.address.ValueAddress;
import dev.samos.bundle.fixtures.Hypotenuse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.ClassNode;

class FunctionBundleTest {

    private static final ValueAddress BASE_ADDRESS = SourceCompiler.compile(BASE).address();

    static Stream<Arguments> sameBehaviour() {
        return Stream.of(
                Arguments.of("reformatted", BASE.replace("    ", "\t").replace(" = ", "=").replace("{\n", "{\n\n")),
                Arguments.of("comments added", replace(BASE, "public class Scaler {",
                        "/** Scales. */\npublic class Scaler { // the function\n    /* a block comment */")),
                Arguments.of("local variable renamed", BASE.replace("value", "number")),
                Arguments.of("helper parameter renamed", BASE.replace("input", "amount")),
                Arguments.of("lambda parameters renamed", replace(BASE, "(p, q) -> p * q", "(left, right) -> left * right")),
                Arguments.of("methods reordered", reorderHelpers()),
                Arguments.of("imports reordered and widened", replace(BASE,
                        "import java.util.Map;\nimport java.util.function.IntBinaryOperator;",
                        "import java.util.function.IntBinaryOperator;\nimport java.util.*;")));
    }

    static Stream<Arguments> differentBehaviour() {
        return Stream.of(
                Arguments.of("constant changed", replace(BASE, "FACTOR = 3", "FACTOR = 4")),
                Arguments.of("operator changed", replace(BASE, "input + offset", "input - offset")),
                Arguments.of("call added", replace(BASE, "return input + offset;", "return Math.abs(input) + offset;")),
                Arguments.of("field changed", replace(BASE, "offset = 7", "offset = 8")),
                Arguments.of("field type changed", BASE.replace("private final int offset", "private final long offset")
                        .replace("private int shift(int input)", "private long shift(int input)")
                        .replace("return shift(box.content())", "return (int) shift(box.content())")),
                Arguments.of("nested class changed", replace(BASE, "record Box(int content) {\n    }",
                        "record Box(int content) {\n        Box { content = content + 1; }\n    }")),
                Arguments.of("local class changed", replace(BASE, "return n + n;", "return n * n;")),
                Arguments.of("anonymous class changed", replace(BASE, "public void run() {\n            }",
                        "public void run() {\n                System.out.println();\n            }")),
                Arguments.of("lambda body changed", replace(BASE, "(p, q) -> p * q", "(p, q) -> p * q + 1")),
                Arguments.of("unused helper changed", replace(BASE, "input - 1", "input - 2")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sameBehaviour")
    void sourceChangesThatKeepBehaviourKeepTheAddress(String change, String source) {
        assertThat(source).isNotEqualTo(BASE);
        assertThat(SourceCompiler.compile(source).address()).isEqualTo(BASE_ADDRESS);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("differentBehaviour")
    void sourceChangesThatChangeBehaviourChangeTheAddress(String change, String source) {
        assertThat(SourceCompiler.compile(source).address()).isNotEqualTo(BASE_ADDRESS);
    }

    @Test
    void theSameSourceCompiledTwiceGivesTheSameBundle() {
        FunctionBundle one = SourceCompiler.compile(BASE);
        FunctionBundle two = SourceCompiler.compile(BASE);
        assertThat(one).isEqualTo(two).hasSameHashCodeAs(two);
        assertThat(one.address()).isEqualTo(two.address());
        assertThat(one.address().descriptor()).isEqualTo("map_3");
    }

    @Test
    void theBundleHoldsTheWholeNestAndLambdasStayInTheirClass() {
        FunctionBundle bundle = SourceCompiler.compile(BASE);
        assertThat(bundle.mainClass()).isEqualTo("com.example.Scaler");
        assertThat(bundle.classNames()).containsExactly(
                "com.example.Scaler", "com.example.Scaler$1", "com.example.Scaler$1Local", "com.example.Scaler$Box");
        ClassNode main = node(bundle.classFile("com.example.Scaler"));
        assertThat(main.methods).anyMatch(m -> m.name.startsWith("lambda$call$"));
    }

    @Test
    void normalizedClassFilesCarryNoDebugInformation() {
        FunctionBundle bundle = SourceCompiler.compile(BASE);
        for (String name : bundle.classNames()) {
            ClassNode node = node(bundle.classFile(name));
            assertThat(node.sourceFile).as(name).isNull();
            assertThat(node.methods).allSatisfy(m -> {
                assertThat(m.localVariables).isNullOrEmpty();
                assertThat(m.parameters).isNullOrEmpty();
            });
            assertThat(node.methods).extracting(m -> m.name + m.desc).isSorted();
        }
    }

    @Test
    void aClassOnTheClassPathHasTheAddressOfItsSourceCompiledInMemory() throws Exception {
        // Maven compiles test classes with -g and -parameters; the in-memory compiler uses neither. Normalization
        // strips what those flags add, so the same text gives the same bundle either way.
        String source = Files.readString(Path.of("src/test/java/dev/samos/bundle/fixtures/Hypotenuse.java"));
        FunctionBundle fromClass = FunctionBundle.of(Hypotenuse.class);
        FunctionBundle fromSource = SourceCompiler.compile(source);
        assertThat(fromClass.classNames()).containsExactlyElementsOf(fromSource.classNames());
        assertThat(fromClass.classNames()).contains("dev.samos.bundle.fixtures.Hypotenuse$Side",
                "dev.samos.bundle.fixtures.Hypotenuse$1", "dev.samos.bundle.fixtures.Hypotenuse$1Names");
        assertThat(fromClass).isEqualTo(fromSource);
        assertThat(fromClass.address()).isEqualTo(fromSource.address());
    }

    @Test
    void aNestMemberIsBundledWithWhatItEnclosesNotWithItsHost() throws Exception {
        FunctionBundle bundle = FunctionBundle.of(Class.forName("dev.samos.bundle.fixtures.Hypotenuse$Side"));
        assertThat(bundle.mainClass()).isEqualTo("dev.samos.bundle.fixtures.Hypotenuse$Side");
        assertThat(bundle.classNames()).allMatch(name -> name.startsWith("dev.samos.bundle.fixtures.Hypotenuse$Side"));
        assertThat(FunctionBundle.of(Hypotenuse.class).classNames()).containsAll(bundle.classNames());
    }

    @Test
    void theValueFormRoundTripsWithItsAddress() {
        FunctionBundle bundle = SourceCompiler.compile(BASE);
        Map<String, Object> value = bundle.toValue();
        assertThat(value).containsOnlyKeys("format", "main", "classes").containsEntry("main", "com.example.Scaler");
        assertThat(ValueAddress.of(value)).isEqualTo(bundle.address());
        FunctionBundle back = FunctionBundle.fromValue(value);
        assertThat(back).isEqualTo(bundle);
        assertThat(back.address()).isEqualTo(bundle.address());
    }

    @Test
    void fromValueNamesWhatIsWrong() {
        Map<String, Object> good = SourceCompiler.compile(BASE).toValue();
        assertThatThrownBy(() -> FunctionBundle.fromValue("x")).isInstanceOf(BundleException.class)
                .hasMessageContaining("expected a map");
        assertThatThrownBy(() -> FunctionBundle.fromValue(with(good, "main", "com.example.Other")))
                .isInstanceOf(BundleException.class).hasMessageContaining("main class com.example.Other is not");
        assertThatThrownBy(() -> FunctionBundle.fromValue(with(good, "format", 2)))
                .isInstanceOf(BundleException.class).hasMessageContaining("bundle.format");

        Map<String, byte[]> classes = classes(good);
        classes.put("com.example.Renamed", classes.remove("com.example.Scaler$Box"));
        assertThatThrownBy(() -> FunctionBundle.fromValue(with(good, "classes", classes)))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("bundle.classes.com.example.Renamed: the class file declares com.example.Scaler$Box");

        Map<String, byte[]> missing = classes(good);
        missing.remove("com.example.Scaler$1Local");
        assertThatThrownBy(() -> FunctionBundle.fromValue(with(good, "classes", missing)))
                .isInstanceOf(BundleException.class).hasMessageContaining("missing [com.example.Scaler$1Local]");

        Map<String, byte[]> garbage = classes(good);
        garbage.put("com.example.Scaler$Box", new byte[] {1, 2, 3});
        assertThatThrownBy(() -> FunctionBundle.fromValue(with(good, "classes", garbage)))
                .isInstanceOf(BundleException.class).hasMessageContaining("com.example.Scaler$Box: not a readable class file");

        Map<String, byte[]> extra = classes(good);
        extra.put("dev.samos.bundle.fixtures.Hypotenuse$Side",
                FunctionBundle.of(Hypotenuse.class).classFile("dev.samos.bundle.fixtures.Hypotenuse$Side"));
        assertThatThrownBy(() -> FunctionBundle.fromValue(with(good, "classes", extra)))
                .isInstanceOf(BundleException.class).hasMessageContaining("not members of the nest");
    }

    @Test
    void fromValueRejectsClassFilesThatAreNotNormalized() throws Exception {
        Map<String, Object> good = FunctionBundle.of(Hypotenuse.class).toValue();
        Map<String, byte[]> raw = classes(good);
        try (var in = Hypotenuse.class.getResourceAsStream("Hypotenuse.class")) {
            raw.put(Hypotenuse.class.getName(), in.readAllBytes());
        }
        assertThatThrownBy(() -> FunctionBundle.fromValue(with(good, "classes", raw)))
                .isInstanceOf(BundleException.class).hasMessageContaining("not in normalized form");
    }

    @Test
    void aLambdaObjectHasNoBundle() {
        IntSupplier lambda = () -> 42;
        assertThatThrownBy(() -> FunctionBundle.of(lambda.getClass())).isInstanceOf(BundleException.class)
                .hasMessageContaining("hidden class");
    }

    @Test
    void aClassDefinedWithoutAClassFileHasNoBundle() {
        FunctionBundle bundle = SourceCompiler.compile(BASE);
        // A loader that defines the class but serves no resources, like a framework generating classes.
        ClassLoader noResources = new ClassLoader(null) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                byte[] bytes = bundle.classFile(name);
                if (bytes == null) {
                    throw new ClassNotFoundException(name);
                }
                return defineClass(name, bytes, 0, bytes.length);
            }
        };
        assertThatThrownBy(() -> FunctionBundle.of(Class.forName("com.example.Scaler", false, noResources)))
                .isInstanceOf(BundleException.class).hasMessageContaining("no class file com/example/Scaler.class");
    }

    @Test
    void accessorsHandOutCopies() {
        FunctionBundle bundle = SourceCompiler.compile(BASE);
        byte[] bytes = bundle.classFile("com.example.Scaler");
        bytes[0] = 0;
        assertThat(bundle.classFile("com.example.Scaler")[0]).isEqualTo((byte) 0xCA);
        assertThat(bundle.classFile("com.example.Nope")).isNull();
        assertThat(bundle.size()).isPositive();
    }

    private static String reorderHelpers() {
        String shift = """
                    private int shift(int input) {
                        return input + offset;
                    }

                """;
        String unused = """
                    private int unused(int input) {
                        return input - 1;
                    }

                """;
        String swapped = replace(BASE, shift + unused, unused + shift);
        return replace(swapped, "    private static final int FACTOR = 3;\n    private final int offset = 7;",
                "    private final int offset = 7;\n    private static final int FACTOR = 3;");
    }

    private static ClassNode node(byte[] bytes) {
        ClassNode node = new ClassNode();
        new ClassReader(bytes).accept(node, 0);
        return node;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, byte[]> classes(Map<String, Object> value) {
        return new LinkedHashMap<>((Map<String, byte[]>) value.get("classes"));
    }

    private static Map<String, Object> with(Map<String, Object> value, String key, Object replacement) {
        Map<String, Object> copy = new HashMap<>(value);
        copy.put(key, replacement);
        return copy;
    }
}
