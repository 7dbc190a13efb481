package dev.samos.autonomy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.samos.bundle.FunctionBundle;
import dev.samos.bundle.SourceCompiler;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AutonomyCheckerTest {

    private static final String CALL = "call(Ljava/util/Map;)Ljava/lang/Object;";

    /** A function class around {@code body} (the body of call) and {@code members} (more class members). */
    private static FunctionBundle function(String body, String members) {
        return SourceCompiler.compile("""
                package com.example;

                import java.util.*;

                public class Fn {
                    public Object call(Map<String, Object> kwargs) throws Exception {
                        %s
                    }
                    %s
                }
                """.formatted(body, members));
    }

    private static List<Violation> violations(String body) {
        return AutonomyChecker.violations(function(body, ""), AutonomyPolicy.strict());
    }

    static Stream<Arguments> forbidden() {
        return Stream.of(
                Arguments.of("System.exit(1); return null;",
                        "INVOKESTATIC java/lang/System.exit(I)V", "process control is not allowed"),
                Arguments.of("new Thread(() -> {}).start(); return null;",
                        "INVOKESPECIAL java/lang/Thread.<init>(Ljava/lang/Runnable;)V", "threads"),
                Arguments.of("Thread t = Thread.currentThread(); t.setDaemon(true); return null;",
                        "INVOKEVIRTUAL java/lang/Thread.setDaemon(Z)V", "threads"),
                Arguments.of("return new ProcessBuilder(\"ls\").start();",
                        "NEW java/lang/ProcessBuilder", "process control"),
                Arguments.of("return Runtime.getRuntime().availableProcessors();",
                        "INVOKESTATIC java/lang/Runtime.getRuntime()Ljava/lang/Runtime;", "process control"),
                Arguments.of("return new java.io.File(\"x\").exists();",
                        "NEW java/io/File", "java.io.File: file system access is not allowed"),
                Arguments.of("return new java.io.FileInputStream(\"x\").read();",
                        "NEW java/io/FileInputStream", "file system access"),
                Arguments.of("return java.nio.file.Files.readString(java.nio.file.Path.of(\"x\"));",
                        "INVOKESTATIC java/nio/file/Files.readString(Ljava/nio/file/Path;)Ljava/lang/String;",
                        "file system access"),
                Arguments.of("return new java.net.Socket(\"example.com\", 80).getInputStream();",
                        "NEW java/net/Socket", "network access"),
                Arguments.of("return java.net.URI.create(\"http://x\").toURL().openStream();",
                        "INVOKEVIRTUAL java/net/URL.openStream()Ljava/io/InputStream;", "network access"),
                Arguments.of("return Class.forName(\"java.lang.String\");",
                        "INVOKESTATIC java/lang/Class.forName(Ljava/lang/String;)Ljava/lang/Class;", "reflection"),
                Arguments.of("return String.class.getDeclaredMethod(\"length\");",
                        "INVOKEVIRTUAL java/lang/Class.getDeclaredMethod(Ljava/lang/String;[Ljava/lang/Class;)"
                                + "Ljava/lang/reflect/Method;", "reflection"),
                Arguments.of("return java.lang.invoke.MethodHandles.lookup();",
                        "INVOKESTATIC java/lang/invoke/MethodHandles.lookup()Ljava/lang/invoke/MethodHandles$Lookup;",
                        "reflection"),
                Arguments.of("""
                        var f = Class.forName("sun.misc.Unsafe").getDeclaredField("theUnsafe");
                        f.setAccessible(true);
                        return f.get(null);""",
                        "INVOKEVIRTUAL java/lang/reflect/Field.setAccessible(Z)V", "reflection"),
                Arguments.of("return sun.misc.Unsafe.class;",
                        "LDC Lsun/misc/Unsafe;", "sun.misc.Unsafe: sun.misc.Unsafe is not allowed"),
                Arguments.of("return java.time.Instant.now();",
                        "INVOKESTATIC java/time/Instant.now()Ljava/time/Instant;", "reading the wall clock"),
                Arguments.of("return java.time.LocalDate.now();",
                        "INVOKESTATIC java/time/LocalDate.now()Ljava/time/LocalDate;", "wall clock"),
                Arguments.of("return System.currentTimeMillis();",
                        "INVOKESTATIC java/lang/System.currentTimeMillis()J", "wall clock"),
                Arguments.of("return System.getenv(\"HOME\");",
                        "INVOKESTATIC java/lang/System.getenv(Ljava/lang/String;)Ljava/lang/String;", "environment"),
                Arguments.of("return System.getProperty(\"user.home\");",
                        "INVOKESTATIC java/lang/System.getProperty(Ljava/lang/String;)Ljava/lang/String;",
                        "environment"),
                Arguments.of("return Integer.getInteger(\"x\");",
                        "INVOKESTATIC java/lang/Integer.getInteger(Ljava/lang/String;)Ljava/lang/Integer;",
                        "environment"),
                Arguments.of("return System.in.read();",
                        "GETSTATIC java/lang/System.in:Ljava/io/InputStream;", "standard input"),
                Arguments.of("java.util.logging.Logger.getLogger(\"x\").info(\"hi\"); return null;",
                        "INVOKESTATIC java/util/logging/Logger.getLogger(Ljava/lang/String;)Ljava/util/logging/Logger;",
                        "logging"),
                Arguments.of("return new Random().nextInt();",
                        "INVOKESPECIAL java/util/Random.<init>()V", "unseeded randomness"),
                Arguments.of("return Math.random();",
                        "INVOKESTATIC java/lang/Math.random()D", "unseeded randomness"),
                Arguments.of("return java.util.concurrent.Executors.newFixedThreadPool(2);",
                        "INVOKESTATIC java/util/concurrent/Executors.newFixedThreadPool(I)"
                                + "Ljava/util/concurrent/ExecutorService;", "threads"),
                Arguments.of("return java.util.concurrent.CompletableFuture.supplyAsync(() -> 1).get();",
                        "INVOKESTATIC java/util/concurrent/CompletableFuture.supplyAsync", "shared thread pools"),
                Arguments.of("return List.of(1, 2).parallelStream().count();",
                        "INVOKEINTERFACE java/util/List.parallelStream()Ljava/util/stream/Stream;",
                        "shared thread pools"),
                // Every JDK way onto the common pool or another thread (issue 12: CHM's bulk operations got through).
                Arguments.of("var m = new java.util.concurrent.ConcurrentHashMap<String, Long>(); "
                        + "m.forEach(1, (k, v) -> {}); return null;",
                        "INVOKEVIRTUAL java/util/concurrent/ConcurrentHashMap.forEach(JLjava/util/function/BiConsumer;)V",
                        "shared thread pools"),
                Arguments.of("return new java.util.concurrent.ConcurrentHashMap<String, Long>()"
                        + ".reduceValuesToLong(1, v -> v, 0L, Long::sum);",
                        "INVOKEVIRTUAL java/util/concurrent/ConcurrentHashMap.reduceValuesToLong", "shared thread pools"),
                Arguments.of("return new java.util.concurrent.ConcurrentHashMap<String, Long>().search(1, (k, v) -> k);",
                        "INVOKEVIRTUAL java/util/concurrent/ConcurrentHashMap.search", "shared thread pools"),
                Arguments.of("new java.util.concurrent.ConcurrentHashMap<String, Long>().forEachKey(1, k -> {}); "
                        + "return null;",
                        "INVOKEVIRTUAL java/util/concurrent/ConcurrentHashMap.forEachKey", "shared thread pools"),
                Arguments.of("return new java.util.concurrent.ConcurrentHashMap<String, Long>().reduceEntries(1, "
                        + "(a, b) -> a);",
                        "INVOKEVIRTUAL java/util/concurrent/ConcurrentHashMap.reduceEntries", "shared thread pools"),
                Arguments.of("return java.util.stream.IntStream.range(0, 9).parallel().sum();",
                        "INVOKEINTERFACE java/util/stream/IntStream.parallel()", "shared thread pools"),
                Arguments.of("return java.util.stream.StreamSupport.stream(List.of(1).spliterator(), true).count();",
                        "INVOKESTATIC java/util/stream/StreamSupport.stream", "shared thread pools"),
                Arguments.of("int[] a = {3, 1}; Arrays.parallelSort(a); return a;",
                        "INVOKESTATIC java/util/Arrays.parallelSort([I)V", "shared thread pools"),
                Arguments.of("long[] a = new long[9]; Arrays.parallelSetAll(a, i -> i); return a;",
                        "INVOKESTATIC java/util/Arrays.parallelSetAll", "shared thread pools"),
                Arguments.of("int[] a = {1, 2}; Arrays.parallelPrefix(a, Integer::sum); return a;",
                        "INVOKESTATIC java/util/Arrays.parallelPrefix", "shared thread pools"),
                Arguments.of("return java.util.concurrent.CompletableFuture.completedFuture(1).thenApplyAsync(x -> x);",
                        "java/util/concurrent/CompletableFuture", "shared thread pools"),
                Arguments.of("java.util.concurrent.CompletionStage<Integer> s = null; "
                        + "return s.thenApplyAsync(x -> x);",
                        "INVOKEINTERFACE java/util/concurrent/CompletionStage.thenApplyAsync", "shared thread pools"),
                Arguments.of("return java.util.concurrent.ForkJoinPool.commonPool().submit(() -> 1).get();",
                        "INVOKESTATIC java/util/concurrent/ForkJoinPool.commonPool", "shared thread pools"),
                Arguments.of("return java.util.stream.Stream.of(1, 2)"
                        + ".gather(java.util.stream.Gatherers.mapConcurrent(2, x -> x)).toList();",
                        "INVOKESTATIC java/util/stream/Gatherers.mapConcurrent", "threads"),
                Arguments.of("return Thread.startVirtualThread(() -> {});",
                        "INVOKESTATIC java/lang/Thread.startVirtualThread", "threads"),
                Arguments.of("return Thread.ofVirtual().start(() -> {});",
                        "INVOKESTATIC java/lang/Thread.ofVirtual", "threads"),
                Arguments.of("return java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();",
                        "INVOKESTATIC java/util/concurrent/Executors.newVirtualThreadPerTaskExecutor", "threads"),
                Arguments.of("new Timer().schedule(new TimerTask() { public void run() {} }, 1); return null;",
                        "NEW java/util/Timer", "threads"),
                Arguments.of("return java.lang.ref.Cleaner.create();",
                        "INVOKESTATIC java/lang/ref/Cleaner.create", "garbage collector"),
                Arguments.of("return new java.lang.ref.WeakReference<>(kwargs);",
                        "NEW java/lang/ref/WeakReference", "garbage collector"),
                Arguments.of("return ServiceLoader.load(Runnable.class);",
                        "INVOKESTATIC java/util/ServiceLoader.load", "class loading"),
                Arguments.of("return new java.io.PrintStream(\"out.txt\");",
                        "INVOKESPECIAL java/io/PrintStream.<init>(Ljava/lang/String;)V", "file system access"),
                Arguments.of("java.util.function.IntConsumer exit = System::exit; exit.accept(1); return null;",
                        "→ java/lang/System.exit(I)V", "process control"),
                Arguments.of("Locale.setDefault(Locale.ROOT); return null;",
                        "INVOKESTATIC java/util/Locale.setDefault(Ljava/util/Locale;)V", "JVM-wide state"),
                Arguments.of("return dev.samos.bundle.FunctionBundle.class.getName();",
                        "LDC Ldev/samos/bundle/FunctionBundle;", "dev.samos.bundle.FunctionBundle is not in the "
                                + "bundle, the Samos function API, the JDK safe set or the allow-list"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("forbidden")
    void eachForbiddenUseIsAViolationNamingClassMethodAndInstruction(String body, String instruction, String reason) {
        List<Violation> found = violations(body);
        assertThat(found).as("violations of: " + body)
                .anySatisfy(v -> {
                    assertThat(v.className()).isEqualTo("com.example.Fn");
                    assertThat(v.method()).isEqualTo(CALL);
                    assertThat(v.instruction()).contains(instruction);
                    assertThat(v.reason()).contains(reason);
                });
        assertThatCode(() -> AutonomyChecker.check(function(body, ""), AutonomyPolicy.strict()))
                .isInstanceOf(NotAutonomousException.class);
    }

    @Test
    void aBulkOperationInheritedFromConcurrentHashMapIsAViolation() {
        List<Violation> found = AutonomyChecker.violations(function("return new Counts().total();", """
                static final class Counts extends java.util.concurrent.ConcurrentHashMap<String, Long> {
                    long total() { return reduceValuesToLong(1, v -> v, 0L, Long::sum); }
                }"""), AutonomyPolicy.strict());
        assertThat(found).anySatisfy(v -> {
            assertThat(v.instruction()).contains("reduceValuesToLong");
            assertThat(v.reason()).contains("shared thread pools");
        });
    }

    @Test
    void aFinalizeMethodIsAViolation() {
        List<Violation> found = AutonomyChecker.violations(function("return null;",
                "@SuppressWarnings(\"removal\") protected void finalize() { }"), AutonomyPolicy.strict());
        assertThat(found).anySatisfy(v -> {
            assertThat(v.instruction()).isEqualTo("method finalize()V");
            assertThat(v.reason()).contains("finalizer thread");
        });
    }

    @Test
    void theExceptionListsEveryViolation() {
        FunctionBundle bad = function("""
                System.exit(1);
                new java.io.File("x").delete();
                return System.getenv("HOME");""", "static int counter;");
        NotAutonomousException e = catchThrowableOfType(NotAutonomousException.class,
                () -> AutonomyChecker.check(bad, AutonomyPolicy.strict()));
        assertThat(e.violations()).hasSizeGreaterThanOrEqualTo(4);
        assertThat(e).hasMessageStartingWith("com.example.Fn is not autonomous under the policy 'strict'")
                .hasMessageContaining("com.example.Fn." + CALL
                        + ": INVOKESTATIC java/lang/System.exit(I)V — process control is not allowed")
                .hasMessageContaining("NEW java/io/File")
                .hasMessageContaining("System.getenv")
                .hasMessageContaining("com.example.Fn: static field counter:I — static mutable state is not allowed");
    }

    @Test
    void staticMutableStateIsAViolation() {
        FunctionBundle bundle = function("counter++; return counter;", """
                static int counter;
                static final Map<String, Integer> CACHE = new HashMap<>();
                static final int[] TABLE = {1, 2};
                """);
        List<Violation> found = AutonomyChecker.violations(bundle, AutonomyPolicy.strict());
        assertThat(found).anySatisfy(v -> {
            assertThat(v.method()).isNull();
            assertThat(v.instruction()).isEqualTo("static field counter:I");
            assertThat(v.reason()).contains("static mutable state").contains("must be final");
        });
        assertThat(found).anySatisfy(v -> {
            assertThat(v.instruction()).isEqualTo("static field CACHE:Ljava/util/Map;");
            assertThat(v.reason()).contains("static mutable state");
        });
        assertThat(found).anySatisfy(v -> assertThat(v.instruction()).isEqualTo("static field TABLE:[I"));
        assertThat(found).anySatisfy(v -> {
            assertThat(v.method()).isEqualTo(CALL);
            assertThat(v.instruction()).isEqualTo("PUTSTATIC com/example/Fn.counter:I");
        });
        // The initializer may set the finals it owns.
        assertThat(found).noneSatisfy(v -> assertThat(v.method()).isEqualTo("<clinit>()V"));
    }

    @Test
    void immutableStaticConstantsAreFine() {
        FunctionBundle bundle = function("return NAME + LIMIT + BIG + PATTERN + MODE + ORIGIN;", """
                static final String NAME = "n";
                static final long LIMIT = System.nanoTime() > 0 ? 1 : 2;
                static final Integer BOXED = 7;
                static final java.math.BigInteger BIG = java.math.BigInteger.TEN.pow(30);
                static final java.util.regex.Pattern PATTERN = java.util.regex.Pattern.compile("a+");
                static final Mode MODE = Mode.FAST;
                static final Point ORIGIN = new Point(0, 0);
                enum Mode { FAST, SLOW }
                record Point(int x, int y) { }
                """);
        assertThat(AutonomyChecker.violations(bundle, AutonomyPolicy.strict())).isEmpty();
    }

    @Test
    void aNativeMethodIsAViolation() {
        FunctionBundle bundle = function("return peek();", "native int peek();");
        assertThat(AutonomyChecker.violations(bundle, AutonomyPolicy.strict())).anySatisfy(v -> {
            assertThat(v.method()).isEqualTo("peek()I");
            assertThat(v.instruction()).isEqualTo("native method");
            assertThat(v.reason()).isEqualTo("native code is not allowed");
        });
    }

    @Test
    void extendingThreadIsAViolationAndSoIsCallingWhatItInherits() {
        FunctionBundle bundle = function("Worker w = new Worker(); w.start(); return null;",
                "static class Worker extends Thread { }");
        List<Violation> found = AutonomyChecker.violations(bundle, AutonomyPolicy.strict());
        assertThat(found).anySatisfy(v -> {
            assertThat(v.className()).isEqualTo("com.example.Fn$Worker");
            assertThat(v.instruction()).isEqualTo("extends java/lang/Thread");
        });
        assertThat(found).anySatisfy(v -> assertThat(v.instruction()).isEqualTo("INVOKEVIRTUAL com/example/Fn$Worker.start()V"));
    }

    @Test
    void aCleanFunctionUsingWhatJavacGeneratesPasses() {
        FunctionBundle bundle = SourceCompiler.compile("""
                package com.example;

                import java.math.BigInteger;
                import java.util.*;
                import java.util.stream.*;

                public class Clean {

                    sealed interface Shape permits Circle, Square { }
                    record Circle(double r) implements Shape { }
                    record Square(double side) implements Shape { }
                    enum Unit { CM, M }

                    public Object call(Map<String, Object> kwargs) throws InterruptedException {
                        Object input = kwargs.get("shape");
                        String name = String.valueOf(kwargs.get("name"));
                        Unit unit = Unit.valueOf(String.valueOf(kwargs.getOrDefault("unit", "CM")));
                        double area = switch (input) {
                            case Circle(double r) when r > 0 -> Math.PI * r * r;
                            case Circle c -> 0;
                            case Square s -> s.side() * s.side();
                            case null, default -> -1;
                        };
                        int factor = switch (unit) {
                            case CM -> 1;
                            case M -> 100;
                        };
                        int legacy;
                        switch (unit) {
                            case CM: legacy = 1; break;
                            default: legacy = 2;
                        }
                        java.math.RoundingMode mode = java.math.RoundingMode.valueOf("HALF_UP");
                        switch (mode) {
                            case HALF_UP: legacy += 3; break;
                            default: break;
                        }
                        int code = switch (name) {
                            case "alpha" -> 1;
                            case "beta" -> 2;
                            default -> 0;
                        };
                        if (input instanceof Square(var side) && side > 1) {
                            code += 10;
                        }
                        assert factor > 0 : "factor";
                        List<Integer> squares = IntStream.rangeClosed(1, 5).map(i -> i * i).boxed()
                                .collect(Collectors.toList());
                        Map<Boolean, List<Integer>> parts = squares.stream()
                                .collect(Collectors.partitioningBy(i -> i % 2 == 0));
                        BigInteger big = BigInteger.TWO.pow(100).add(BigInteger.valueOf(code));
                        StringBuilder sb = new StringBuilder();
                        for (var e : new TreeMap<>(parts).entrySet()) {
                            sb.append(e.getKey()).append('=').append(e.getValue());
                        }
                        System.out.println("area " + area + " of " + name + " in " + unit + ": " + sb);
                        System.err.printf("%d %d%n", factor, legacy);
                        Thread.sleep(0);
                        Random seeded = new Random(42);
                        Comparator<String> byLength = Comparator.comparing(String::length);
                        var text = \"""
                                a text block
                                \""";
                        Optional<String> longest = Stream.of("a", "bbb", "cc").max(byLength);
                        try {
                            Objects.requireNonNull(kwargs.get("missing"));
                        } catch (NullPointerException | IllegalStateException ex) {
                            code--;
                        }
                        return List.of(area * factor, code, big, seeded.nextInt(10), longest.orElseThrow(), text,
                                new Circle(1).equals(new Circle(1)), new Square(2).hashCode(), new Circle(3).toString(),
                                dev.samos.function.TestApiMarker.twice(code), System.nanoTime() > 0);
                    }
                }
                """);
        assertThat(AutonomyChecker.check(bundle, AutonomyPolicy.strict())).isEmpty();
        // Clean$1 holds javac's synthetic $SwitchMap$java$math$RoundingMode, a static array it is allowed to keep.
        assertThat(bundle.classNames()).contains("com.example.Clean$1", "com.example.Clean$Circle",
                "com.example.Clean$Unit");
    }

    @Test
    void aPureFunctionOnTheClassPathPasses() {
        FunctionBundle square = FunctionBundle.of(dev.samos.examples.MySquare.class);
        assertThat(AutonomyChecker.check(square, AutonomyPolicy.strict())).isEmpty();
    }

    @Test
    void theAllowListLetsAPrefixThrough() {
        FunctionBundle library = function("return org.example.lib.Gcd.of(12, 18);", "");
        assertThat(AutonomyChecker.violations(library, AutonomyPolicy.strict()))
                .singleElement().satisfies(v -> assertThat(v.reason()).contains("org.example.lib.Gcd is not in"));
        assertThat(AutonomyChecker.check(library, AutonomyPolicy.strict().allowing("org.example.lib."))).isEmpty();

        FunctionBundle logging = function("java.util.logging.Logger.getLogger(\"x\").info(\"hi\"); return null;", "");
        assertThat(AutonomyChecker.violations(logging, AutonomyPolicy.strict().allowing("java.util.logging.")))
                .isEmpty();
        assertThat(AutonomyChecker.violations(logging, AutonomyPolicy.strict().allowing("org.example.lib.")))
                .isNotEmpty();
    }

    @Test
    void theImpurePolicyReportsButDoesNotThrow() {
        FunctionBundle bundle = function("return java.nio.file.Files.readString(java.nio.file.Path.of(\"table.csv\"));",
                "");
        AutonomyPolicy impure = AutonomyPolicy.impure("reads a fixed reference table");
        List<Violation> warnings = AutonomyChecker.check(bundle, impure);
        assertThat(warnings).isNotEmpty().allSatisfy(v -> assertThat(v.reason()).contains("file system access"));
        assertThat(warnings).isEqualTo(AutonomyChecker.violations(bundle, AutonomyPolicy.strict()));
    }

    @Test
    void violationsReadLikeTheBriefsExample() {
        Violation v = new Violation("com.example.Bad", "call(Ldev/samos/function/Kwargs;)Ljava/lang/Object;",
                "INVOKESTATIC java/lang/System.exit(I)V", "process control is not allowed");
        assertThat(v).hasToString("com.example.Bad.call(Ldev/samos/function/Kwargs;)Ljava/lang/Object;: "
                + "INVOKESTATIC java/lang/System.exit(I)V — process control is not allowed");
        assertThat(new Violation("com.example.Bad", null, "native method", "x")).hasToString(
                "com.example.Bad: native method — x");
    }
}
