package dev.samos.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samos.SamosException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class PoolTest {

    static Stream<Supplier<Pool>> pools() {
        return Stream.of(() -> Pool.threads(3), Pool::virtualThreads, () -> Pool.virtualThreads(2));
    }

    static List<Integer> range(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    /** An iterable that is not a collection and never ends, as a lazy source. */
    static Iterable<Integer> naturals() {
        return () -> Stream.iterate(0, i -> i + 1).iterator();
    }

    static long liveThreads(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith(prefix)).count();
    }

    @ParameterizedTest
    @MethodSource("pools")
    void mapKeepsInputOrderAcrossChunks(Supplier<Pool> pools) {
        try (Pool pool = pools.get()) {
            assertThat(pool.map((Integer x) -> x * 2, range(100_000))).isEqualTo(range(100_000).stream().map(x -> x * 2).toList());
            assertThat(pool.with(MapOptions.chunkSize(7)).map((Integer x) -> x + 1, range(1000)))
                    .isEqualTo(range(1000).stream().map(x -> x + 1).toList());
        }
    }

    @ParameterizedTest
    @MethodSource("pools")
    void zipStopsAtTheShortestInput(Supplier<Pool> pools) {
        try (Pool pool = pools.get()) {
            assertThat(pool.map((Integer a, String b, Integer c) -> a + b + c, List.of(1, 2, 3), List.of("a", "b"), naturals()))
                    .containsExactly("1a0", "2b1");
            assertThat(pool.map((Integer a) -> a, List.of())).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("pools")
    void imapIsLazyOrderedAndReadsAnInfiniteSource(Supplier<Pool> pools) {
        try (Pool pool = pools.get();
             Stream<Integer> squares = pool.imap((Integer x) -> x * x, naturals())) {
            assertThat(squares.limit(10_000).toList()).isEqualTo(range(10_000).stream().map(x -> x * x).toList());
        }
    }

    @ParameterizedTest
    @MethodSource("pools")
    void uimapGivesEveryResultOnce(Supplier<Pool> pools) {
        try (Pool pool = pools.get();
             Stream<Integer> sums = pool.uimap((Integer a, Integer b) -> a + b, range(5000), (Iterable<Integer>) () -> range(6000).iterator())) {
            List<Integer> results = new ArrayList<>(sums.toList());
            Collections.sort(results);
            assertThat(results).isEqualTo(range(5000).stream().map(x -> 2 * x).toList());
        }
    }

    @ParameterizedTest
    @MethodSource("pools")
    void amapAndApipeAreAsynchronous(Supplier<Pool> pools) throws Exception {
        try (Pool pool = pools.get()) {
            var handle = pool.amap((Integer x) -> -x, range(100));
            assertThat(handle.get(1, TimeUnit.MINUTES)).hasSize(100).startsWith(0, -1, -2);
            assertThat(pool.apipe((Integer a, Integer b) -> a * b, 6, 7).get()).isEqualTo(42);
            assertThat(pool.pipe((String s) -> s.toUpperCase(), "pathos")).isEqualTo("PATHOS");
        }
    }

    @Test
    void aFailureNamesItsInputKeepsItsTypeAndCancelsTheRest() {
        var calls = new AtomicInteger();
        try (Pool pool = Pool.threads(1)) {
            // One thread, one input per chunk, and amap (a blocking map's caller would run chunks too): the
            // inputs run in order, so exactly 0..5 are called.
            var handle = pool.with(MapOptions.chunkSize(1)).amap((Integer x) -> {
                calls.incrementAndGet();
                return 10 / (x - 5);
            }, range(1000));
            assertThatThrownBy(handle::get).isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(PoolTaskException.class)
                    .isInstanceOf(SamosException.class)
                    .hasCauseInstanceOf(ArithmeticException.class)
                    .satisfies(e -> assertThat(((PoolTaskException) e).index()).isEqualTo(5));
            pool.join();
            assertThat(calls).hasValue(6);
        }
    }

    @Test
    void amapFailureComesThroughTheHandle() {
        try (Pool pool = Pool.virtualThreads()) {
            var handle = pool.amap((Integer x) -> {
                if (x == 77) {
                    throw new IllegalArgumentException("bad " + x);
                }
                return x;
            }, range(100));
            assertThatThrownBy(handle::get).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(PoolTaskException.class)
                    .hasCauseInstanceOf(IllegalArgumentException.class)
                    .satisfies(e -> assertThat(((PoolTaskException) e).index()).isEqualTo(77));
            assertThatThrownBy(() -> pool.pipe((Integer x) -> x / 0, 1))
                    .isInstanceOf(PoolTaskException.class).hasCauseInstanceOf(ArithmeticException.class);
        }
    }

    @ParameterizedTest
    @MethodSource("pools")
    void imapDeliversTheResultsBeforeAFailureThenThrows(Supplier<Pool> pools) {
        try (Pool pool = pools.get();
             Stream<Integer> results = pool.imap((Integer x) -> 100 / (x - 3000), naturals())) {
            Iterator<Integer> it = results.iterator();
            for (int i = 0; i < 3000; i++) {
                assertThat(it.next()).isEqualTo(100 / (i - 3000));
            }
            assertThatThrownBy(it::hasNext).isInstanceOf(PoolTaskException.class)
                    .hasCauseInstanceOf(ArithmeticException.class)
                    .satisfies(e -> assertThat(((PoolTaskException) e).index()).isEqualTo(3000));
        }
    }

    @ParameterizedTest
    @MethodSource("pools")
    void uimapFailsWithTheFailingInput(Supplier<Pool> pools) {
        try (Pool pool = pools.get();
             Stream<Integer> results = pool.uimap((Integer x) -> 100 / (x - 700), range(5000))) {
            assertThatThrownBy(results::toList).isInstanceOf(PoolTaskException.class)
                    .satisfies(e -> assertThat(((PoolTaskException) e).index()).isEqualTo(700));
        }
    }

    @Test
    void mapThrowsTheTaskExceptionItself() {
        try (Pool pool = Pool.threads(2)) {
            assertThatThrownBy(() -> pool.map((String s) -> Integer.parseInt(s), List.of("1", "2", "x", "4")))
                    .isInstanceOf(PoolTaskException.class)
                    .hasCauseInstanceOf(NumberFormatException.class)
                    .satisfies(e -> assertThat(((PoolTaskException) e).index()).isEqualTo(2));
        }
    }

    @Test
    void noThreadIsLeftBehind() {
        String prefix = "samos-pool-";
        long before = liveThreads(prefix);
        try (Pool pool = Pool.threads(4)) {
            assertThat(liveThreads(prefix)).isGreaterThanOrEqualTo(before);
            assertThatThrownBy(() -> pool.map((Integer x) -> x / (x - 500), range(100_000)))
                    .isInstanceOf(PoolTaskException.class);
            try (Stream<Integer> early = pool.uimap((Integer x) -> x, naturals())) {
                assertThat(early.limit(5)).hasSize(5);
            }
        }
        assertThat(liveThreads(prefix)).isEqualTo(before);
    }

    @Test
    void eachPoolIsItsOwnObjectAndAClosedOneSaysSo() {
        Pool first = Pool.threads(2);
        Pool second = Pool.threads(2);
        first.close();
        assertThat(first.isClosed()).isTrue();
        assertThat(second.map((Integer x) -> x + 1, List.of(1, 2))).containsExactly(2, 3);
        assertThatThrownBy(() -> first.map((Integer x) -> x, List.of(1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("threads(2)#").hasMessageContaining("closed");
        assertThatThrownBy(() -> first.apipe((Integer x) -> x, 1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> first.imap((Integer x) -> x, List.of(1))).isInstanceOf(IllegalStateException.class);
        first.close();
        second.close();
    }

    @ParameterizedTest
    @MethodSource("pools")
    void terminateInterruptsRunningWork(Supplier<Pool> pools) throws Exception {
        Pool pool = pools.get();
        var started = new CountDownLatch(1);
        var handle = pool.with(MapOptions.chunkSize(1)).amap((Integer x) -> {
            started.countDown();
            try {
                new CountDownLatch(1).await();   // never released: only an interrupt ends it
            } catch (InterruptedException e) {
                throw new CancellationException("interrupted");
            }
            return x;
        }, range(10));
        started.await();
        pool.terminate();
        assertThatThrownBy(handle::get).isInstanceOfAny(ExecutionException.class, CancellationException.class);
        assertThat(pool.isClosed()).isTrue();
    }

    @ParameterizedTest
    @MethodSource("pools")
    void closeAndJoinWaitForRunningWork(Supplier<Pool> pools) throws Exception {
        var finished = new AtomicInteger();
        Pool pool = pools.get();
        Function<Integer, Integer> slowish = x -> {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new CancellationException();
            }
            finished.incrementAndGet();
            return x;
        };
        pool.with(MapOptions.chunkSize(1)).amap(slowish, range(5));
        pool.join();
        assertThat(finished).hasValue(5);
        var late = pool.apipe(slowish, 1);
        pool.close();
        assertThat(late).isCompletedWithValue(1);
        assertThat(finished).hasValue(6);
    }

    @Test
    void virtualThreadsRespectTheirConcurrencyBound() {
        var running = new AtomicInteger();
        var most = new AtomicInteger();
        try (Pool pool = Pool.virtualThreads(2)) {
            pool.with(MapOptions.chunkSize(1)).map((Integer x) -> {
                most.accumulateAndGet(running.incrementAndGet(), Math::max);
                Thread.yield();
                running.decrementAndGet();
                return x;
            }, range(200));
        }
        assertThat(most.get()).isBetween(1, 2);
    }

    @Test
    void progressIsReportedInOrderUpToTheTotal() {
        List<long[]> calls = Collections.synchronizedList(new ArrayList<>());
        try (Pool pool = Pool.threads(3)) {
            var options = MapOptions.chunkSize(10).onProgress((done, total) -> calls.add(new long[] {done, total}));
            pool.with(options).map((Integer x) -> x, range(1000));
            assertThat(calls).hasSize(100);
            for (int i = 0; i < calls.size(); i++) {
                assertThat(calls.get(i)).containsExactly(10L * (i + 1), 1000L);
            }
            calls.clear();
            try (Stream<Integer> lazy = pool.with(options).imap((Integer x) -> x, range(55))) {
                assertThat(lazy).hasSize(55);
            }
            assertThat(calls.getLast()[0]).isEqualTo(55);
        }
    }

    @Test
    void badOptionsFailAtOnce() {
        assertThatThrownBy(() -> MapOptions.chunkSize(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Pool.threads(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Pool.virtualThreads(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
