package dev.samos.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samos.bundle.BundleClassLoader;
import dev.samos.bundle.SourceCompiler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Process pools: child JVMs, shipped lambdas and captures, failures, dead children, lifecycle. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ProcessPoolTest {

    private static ProcessPool pool;

    @BeforeAll
    static void start() {
        pool = Pool.processes(2);
    }

    @AfterAll
    static void stop() {
        pool.close();
    }

    record Point(int x, int y) {
    }

    /** A named function class that is a value: shipped as a record. */
    record Scale(int factor) implements Function<Integer, Integer> {
        @Override
        public Integer apply(Integer x) {
            return x * factor;
        }
    }

    /** A function class without fields: rebuilt with its constructor. */
    static final class Negate implements Function<Integer, Integer> {
        @Override
        public Integer apply(Integer x) {
            return -x;
        }
    }

    static final class Boom extends RuntimeException {
        Boom(String message) {
            super(message);
        }
    }

    /** Java serialization cannot write it (a field of a non-serializable type). */
    static final class Unwritable extends RuntimeException {
        final transient Object ok = new Object();
        final Thread owner = Thread.currentThread();

        Unwritable(String message) {
            super(message);
        }
    }

    static List<Integer> range(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    static long poolChildren() {
        return ProcessHandle.current().descendants()
                .filter(h -> h.info().arguments().map(a -> List.of(a).contains(ProcessPoolChild.class.getName()))
                        .orElse(false))
                .filter(ProcessHandle::isAlive).count();
    }

    static long poolThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("samos-procpool-")).count();
    }

    @Test
    void pathosQuickstartOnChildProcesses() {
        SerializableBiFunction<Integer, Integer, Integer> calculatePower = (base, exponent) -> (int) Math.pow(base, exponent);
        assertThat(pool.map(calculatePower, List.of(1, 2, 3, 4, 5), List.of(2, 3, 2, 4, 3)))
                .containsExactly(1, 8, 9, 256, 125);
        assertThat(pool.children()).hasSize(2).allMatch(h -> h.pid() != ProcessHandle.current().pid());
    }

    @Test
    void closuresCarryTheirCapturedValues() {
        int offset = 1_000;
        String prefix = "p-";
        List<Integer> weights = List.of(1, 2, 3);
        Point origin = new Point(5, 7);
        SerializableFunction<Integer, String> f = x -> prefix + (x + offset + weights.get(x % 3) + origin.x());
        assertThat(pool.map(f, range(6))).containsExactly("p-1006", "p-1008", "p-1010", "p-1009", "p-1011", "p-1013");
        SerializableTriFunction<Integer, Integer, Integer, Point> three = (a, b, c) -> new Point(a + b, c * origin.y());
        assertThat(pool.map(three, List.of(1, 2), List.of(10, 20), List.of(3, 4)))
                .containsExactly(new Point(11, 21), new Point(22, 28));
    }

    @Test
    void everyMapOperationRunsInTheChildren() throws Exception {
        SerializableFunction<Integer, Long> pid = x -> ProcessHandle.current().pid();
        List<Long> pids = pool.with(MapOptions.chunkSize(1)).map(pid, range(20));
        assertThat(pids).doesNotContain(ProcessHandle.current().pid());
        assertThat(pool.children().stream().map(ProcessHandle::pid).toList()).containsAll(pids.stream().distinct().toList());

        SerializableFunction<Integer, Integer> square = x -> x * x;
        try (Stream<Integer> squares = pool.imap(square, range(5000))) {
            assertThat(squares.toList()).isEqualTo(range(5000).stream().map(x -> x * x).toList());
        }
        try (Stream<Integer> infinite = pool.imap(square, () -> Stream.iterate(0, i -> i + 1).iterator())) {
            assertThat(infinite.limit(10).toList()).containsExactly(0, 1, 4, 9, 16, 25, 36, 49, 64, 81);
        }
        try (Stream<Integer> unordered = pool.uimap(square, range(100))) {
            assertThat(unordered.toList()).containsExactlyInAnyOrderElementsOf(range(100).stream().map(x -> x * x).toList());
        }
        assertThat(pool.amap(square, range(10)).get(1, TimeUnit.MINUTES)).containsExactly(0, 1, 4, 9, 16, 25, 36, 49, 64, 81);
        assertThat(pool.pipe(square, 12)).isEqualTo(144);
        SerializableBiFunction<Integer, Integer, Integer> plus = Integer::sum;
        assertThat(pool.apipe(plus, 2, 3).get(1, TimeUnit.MINUTES)).isEqualTo(5);
    }

    @Test
    void lambdasWrittenInTheCallAreSerializableThroughTheProcessPoolType() throws Exception {
        int offset = 10;
        assertThat(pool.map(x -> x + offset, List.of(1, 2))).containsExactly(11, 12);
        assertThat(pool.map((x, y) -> x * y, List.of(2, 3), List.of(4, 5))).containsExactly(8, 15);
        assertThat(pool.with(MapOptions.chunkSize(1)).map(x -> -x, List.of(1, 2))).containsExactly(-1, -2);
        assertThat(pool.map(Math::abs, List.of(-4))).containsExactly(4);
        Integer tripled = pool.pipe(x -> x * 3, 5);
        assertThat(tripled).isEqualTo(15);
        assertThat(pool.apipe((String s, Integer n) -> s.repeat(n), "x", 3).get(1, TimeUnit.MINUTES)).isEqualTo("xxx");
        try (Stream<Integer> s = pool.imap(x -> x + 1, List.of(1, 2, 3))) {
            assertThat(s.toList()).containsExactly(2, 3, 4);
        }
    }

    @Test
    void methodReferencesRecordsAndFieldlessClassesShipToo() {
        SerializableFunction<Integer, Integer> abs = Math::abs;
        assertThat(pool.map(abs, List.of(-1, 2, -3))).containsExactly(1, 2, 3);
        assertThat(pool.map(new Scale(3), List.of(1, 2, 3))).containsExactly(3, 6, 9);
        assertThat(pool.map(new Negate(), List.of(1, 2, 3))).containsExactly(-1, -2, -3);
    }

    @Test
    void codeThatIsNotOnTheChildsClassPathIsShippedAsABundle() throws Exception {
        var bundle = SourceCompiler.compile("""
                package gen;
                public class Cube implements java.util.function.Function<Integer, Integer> {
                    public Integer apply(Integer x) { return x * x * x; }
                }
                """);
        @SuppressWarnings("unchecked")
        Function<Integer, Integer> cube = (Function<Integer, Integer>) new BundleClassLoader(bundle,
                getClass().getClassLoader()).mainClass().getDeclaredConstructor().newInstance();
        assertThat(pool.map(cube, List.of(1, 2, 3))).containsExactly(1, 8, 27);
    }

    @Test
    void aCaptureThatIsNotAValueIsNamedBeforeAnythingIsSent() {
        Thread thread = Thread.currentThread();
        SerializableFunction<Integer, String> f = x -> thread.getName() + x;
        assertThatThrownBy(() -> pool.map(f, List.of(1)))
                .isInstanceOf(NotShippableException.class)
                .hasMessageContaining("capture 0 (a java.lang.Thread) is not a value")
                .hasMessageContaining("lambda ProcessPoolTest.lambda$");
    }

    private final int factor = 3;

    @Test
    void capturingThisIsExplained() {
        SerializableFunction<Integer, Integer> f = x -> x * factor;
        assertThatThrownBy(() -> pool.map(f, List.of(1)))
                .isInstanceOf(NotShippableException.class)
                .hasMessageContaining("enclosing instance ('this')");
    }

    @Test
    void aPlainLambdaMustBeSerializable() {
        Function<Integer, Integer> plain = x -> x + 1;
        assertThatThrownBy(() -> pool.map(plain, List.of(1)))
                .isInstanceOf(NotShippableException.class)
                .hasMessageContaining("not serializable")
                .hasMessageContaining("SerializableFunction");
    }

    @Test
    void inputsAndResultsMustBeValues() {
        SerializableFunction<Object, Object> id = x -> x;
        assertThatThrownBy(() -> pool.with(MapOptions.chunkSize(10)).map(id, List.of(1, 2, new Object(), 4)))
                .isInstanceOf(PoolTaskException.class)
                .satisfies(e -> assertThat(((PoolTaskException) e).index()).isEqualTo(2))
                .hasMessageContaining("input of a process pool must be a value");
        SerializableFunction<Integer, Object> thread = x -> x == 3 ? new Object() : x;
        assertThatThrownBy(() -> pool.with(MapOptions.chunkSize(10)).map(thread, range(5)))
                .isInstanceOf(PoolTaskException.class)
                .satisfies(e -> assertThat(((PoolTaskException) e).index()).isEqualTo(3))
                .hasMessageContaining("result of a process pool's function must be a value");
    }

    @Test
    void aFailureKeepsItsTypeAndItsInputIndex() {
        SerializableFunction<Integer, Integer> f = x -> {
            if (x == 37) {
                throw new Boom("no " + x);
            }
            return x;
        };
        assertThatThrownBy(() -> pool.map(f, range(100)))
                .isInstanceOf(PoolTaskException.class)
                .satisfies(e -> {
                    assertThat(((PoolTaskException) e).index()).isEqualTo(37);
                    assertThat(e.getCause()).isInstanceOf(Boom.class).hasMessage("no 37");
                    assertThat(e.getCause().getStackTrace()[0].getMethodName()).startsWith("lambda$");
                });
        SerializableFunction<Integer, Integer> g = x -> {
            throw new Unwritable("cannot travel");
        };
        assertThatThrownBy(() -> pool.pipe(g, 1))
                .isInstanceOf(PoolTaskException.class)
                .satisfies(e -> {
                    assertThat(e.getCause()).isInstanceOf(ProcessTaskException.class)
                            .hasMessage(Unwritable.class.getName() + ": cannot travel");
                    assertThat(((ProcessTaskException) e.getCause()).exceptionClass()).isEqualTo(Unwritable.class.getName());
                    assertThat(e.getCause().getStackTrace()).isNotEmpty();
                });
        // The pool still works after failures.
        assertThat(pool.map(f, List.of(1, 2))).containsExactly(1, 2);
    }

    @Test
    void aChildKilledMidTaskIsReplacedAndItsChunkRunsAgain(@TempDir Path dir) throws Exception {
        String marker = dir.resolve("started").toString();
        SerializableFunction<Integer, Integer> slowOnce = x -> {
            Path started = Path.of(marker);
            if (x == 1 && !Files.exists(started)) {
                try {
                    Files.writeString(started, Long.toString(ProcessHandle.current().pid()));
                    Thread.sleep(Duration.ofMinutes(5));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
            return x * 10;
        };
        try (ProcessPool one = Pool.processes(1)) {
            CompletableFuture<List<Integer>> results = one.with(MapOptions.chunkSize(1)).amap(slowOnce, range(3));
            long pid = Long.parseLong(awaitFile(Path.of(marker)));
            ProcessHandle victim = ProcessHandle.of(pid).orElseThrow();
            victim.destroyForcibly();   // SIGKILL, as kill -9
            assertThat(results.get(2, TimeUnit.MINUTES)).containsExactly(0, 10, 20);
            assertThat(one.children()).hasSize(1).noneMatch(h -> h.pid() == pid);
        }
    }

    @Test
    void aChunkWhoseChildDiesTwiceFailsNamingTheInputAndTheExit() {
        SerializableFunction<Integer, Integer> dies = x -> {
            if (x == 2) {
                Runtime.getRuntime().halt(3);
            }
            return x;
        };
        try (ProcessPool one = Pool.processes(1)) {
            assertThatThrownBy(() -> one.with(MapOptions.chunkSize(1)).map(dies, range(4)))
                    .isInstanceOf(PoolTaskException.class)
                    .satisfies(e -> {
                        assertThat(((PoolTaskException) e).index()).isEqualTo(2);
                        assertThat(e.getCause()).isInstanceOf(ChildProcessDiedException.class)
                                .hasMessageContaining("exit 3");
                        assertThat(((ChildProcessDiedException) e.getCause()).exitCode()).isEqualTo(3);
                    });
            // Fresh children took the dead ones' place.
            assertThat(one.map(dies, List.of(5, 6))).containsExactly(5, 6);
        }
    }

    @Test
    void closingEndsEveryChildAndThread() {
        long children = poolChildren();
        long threads = poolThreads();
        List<ProcessHandle> handles;
        try (ProcessPool two = Pool.processes(2)) {
            SerializableFunction<Integer, Integer> inc = x -> x + 1;
            assertThat(two.map(inc, range(1000))).hasSize(1000);
            handles = two.children();
            assertThat(poolChildren()).isEqualTo(children + 2);
        }
        assertThat(handles).noneMatch(ProcessHandle::isAlive);
        assertThat(poolChildren()).isEqualTo(children);
        assertThat(poolThreads()).isEqualTo(threads);
    }

    @Test
    void terminateKillsRunningWorkAndEveryChild(@TempDir Path dir) throws Exception {
        long children = poolChildren();
        long threads = poolThreads();
        String marker = dir.resolve("started").toString();
        SerializableFunction<Integer, Integer> forever = x -> {
            try {
                Files.writeString(Path.of(marker), "yes");
                Thread.sleep(Duration.ofMinutes(5));
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return x;
        };
        ProcessPool two = Pool.processes(2);
        List<ProcessHandle> handles = two.children();
        CompletableFuture<List<Integer>> results = two.amap(forever, range(4));
        awaitFile(Path.of(marker));
        two.terminate();
        assertThatThrownBy(() -> results.get(1, TimeUnit.MINUTES))
                .satisfies(e -> assertThat(e instanceof CancellationException
                        || e instanceof ExecutionException && e.getCause() instanceof CancellationException).isTrue());
        assertThat(handles).noneMatch(ProcessHandle::isAlive);
        assertThat(poolChildren()).isEqualTo(children);
        assertThat(poolThreads()).isEqualTo(threads);
        assertThatThrownBy(() -> two.map((SerializableFunction<Integer, Integer>) x -> x, List.of(1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("is closed");
    }

    @Test
    void callRunsAnyShippableFunctionalObjectInThisThread() {
        assertThat(pool.call(Function.class, new Scale(4), 5)).isEqualTo(20);
        SerializableBiFunction<String, Integer, String> repeat = String::repeat;
        assertThat(pool.call(java.util.function.BiFunction.class, repeat, "ab", 3)).isEqualTo("ababab");
        assertThat(pool.call(Function.class, (SerializableFunction<Map<String, Integer>, Integer>) m -> m.get("a"),
                Map.of("a", 1))).isEqualTo(1);
    }

    /** A program that opens a process pool, says its child's pid, and waits to be killed. */
    static final class Parent {
        public static void main(String[] args) throws Exception {
            ProcessPool pool = Pool.processes(1);
            SerializableFunction<Integer, Integer> inc = x -> x + 1;
            pool.map(inc, List.of(1));
            System.out.println(pool.children().getFirst().pid());
            System.out.flush();
            Thread.sleep(Duration.ofMinutes(5));
        }
    }

    @Test
    void childrenExitWhenTheirParentIsKilled() throws Exception {
        Process parent = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Parent.class.getName())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            var reader = new java.io.BufferedReader(new java.io.InputStreamReader(parent.getInputStream()));
            long childPid = Long.parseLong(reader.readLine().trim());
            ProcessHandle child = ProcessHandle.of(childPid).orElseThrow();
            parent.toHandle().destroyForcibly();   // kill -9: no shutdown hook, no close()
            parent.waitFor();
            child.onExit().get(2, TimeUnit.MINUTES);
            assertThat(child.isAlive()).isFalse();
        } finally {
            parent.destroyForcibly();
        }
    }

    private static String awaitFile(Path file) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline) {
            if (Files.exists(file)) {
                String text = Files.readString(file);
                if (!text.isEmpty()) {
                    return text;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError(file + " never appeared");
    }
}
