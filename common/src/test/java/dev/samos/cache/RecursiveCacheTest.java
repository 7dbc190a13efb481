package dev.samos.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** PySpeedup's Cache examples, and the guarantees behind them. */
class RecursiveCacheTest {

    /** PySpeedup's fibonacci: fib(0) = fib(1) = 1. */
    private static BigInteger fibonacciLoop(int n) {
        BigInteger a = BigInteger.ONE;
        BigInteger b = BigInteger.ONE;
        for (int i = 1; i < n; i++) {
            BigInteger next = a.add(b);
            a = b;
            b = next;
        }
        return b;
    }

    @Test
    void aSimpleCacheMakesNaiveFibonacciLinear() {
        try (RecursiveCache<Integer, BigInteger> fibonacci = RecursiveCache.of((cache, n) ->
                n < 2 ? BigInteger.ONE : cache.apply(n - 1).add(cache.apply(n - 2)))) {
            assertThat(fibonacci.apply(5)).isEqualTo(8);
            assertThat(fibonacci.apply(100)).isEqualTo(new BigInteger("573147844013817084101"));
            assertThat(fibonacci.evaluations()).isEqualTo(101);
        }
    }

    @Test
    void fibonacciBranchesWithApplyAsync() {
        try (RecursiveCache<Integer, BigInteger> fibonacci = RecursiveCache.of((cache, n) -> {
            if (n < 2) {
                return BigInteger.ONE;
            }
            cache.applyAsync(n - 1);
            cache.applyAsync(n - 2);
            return cache.apply(n - 1).add(cache.apply(n - 2));
        })) {
            assertThat(fibonacci.apply(100)).isEqualTo(new BigInteger("573147844013817084101"));
            assertThat(fibonacci.evaluations()).isEqualTo(101);
        }
    }

    @Test
    void fibonacciBranchesWithBatchAsync() {
        try (RecursiveCache<Integer, BigInteger> fibonacci = RecursiveCache.of((cache, n) -> {
            if (n < 2) {
                return BigInteger.ONE;
            }
            cache.batchAsync(List.of(n - 1, n - 2));
            return cache.apply(n - 1).add(cache.apply(n - 2));
        })) {
            assertThat(fibonacci.apply(200)).isEqualTo(new BigInteger("453973694165307953197296969697410619233826"));
            assertThat(fibonacci.evaluations()).isEqualTo(201);
            assertThat(fibonacci.batchAsync(List.of(200, 10, 0)).join())
                    .containsExactly(fibonacciLoop(200), BigInteger.valueOf(89), BigInteger.ONE);
        }
    }

    @Test
    void deepSynchronousRecursionDoesNotOverflowTheStack() {
        try (RecursiveCache<Integer, BigInteger> fibonacci = RecursiveCache.of((cache, n) ->
                n < 2 ? BigInteger.ONE : cache.apply(n - 1).add(cache.apply(n - 2)))) {
            assertThat(fibonacci.apply(10_000)).isEqualTo(fibonacciLoop(10_000));
            assertThat(fibonacci.evaluations()).isEqualTo(10_001);
        }
        try (RecursiveCache<Long, Long> countdown = RecursiveCache.of((cache, n) ->
                n == 0 ? 0L : cache.apply(n - 1) + 1)) {
            assertThat(countdown.apply(100_000L)).isEqualTo(100_000L);
        }
    }

    /**
     * PySpeedup's factoring: once a factor pair is found, both factors are factored asynchronously; a factor already
     * known (or being factored) is not factored again.
     */
    private static RecursiveCache<Long, List<Long>> primeFactors() {
        return RecursiveCache.of((cache, n) -> {
            for (long d = 2; d * d <= n; d++) {
                if (n % d == 0) {
                    CompletableFuture<List<Long>> small = cache.applyAsync(d);
                    CompletableFuture<List<Long>> large = cache.applyAsync(n / d);
                    List<Long> factors = new ArrayList<>(small.join());
                    factors.addAll(large.join());
                    factors.sort(null);
                    return List.copyOf(factors);
                }
            }
            return List.of(n);
        });
    }

    @Test
    void primeFactoringBranchesOnFactorPairs() {
        try (RecursiveCache<Long, List<Long>> factor = primeFactors()) {
            assertThat(factor.apply(600_851_475_143L)).containsExactly(71L, 839L, 1471L, 6857L);
            assertThat(factor.apply(1L << 40)).hasSize(40).containsOnly(2L);
            assertThat(factor.apply(2L * 3 * 3 * 5 * 7 * 9_973 * 1_000_003)).containsExactly(
                    2L, 3L, 3L, 5L, 7L, 9_973L, 1_000_003L);
            List<Long> numbers = LongStream.rangeClosed(1_000_000, 1_000_500).boxed().toList();
            List<List<Long>> all = factor.batchAsync(numbers).join();
            for (int i = 0; i < numbers.size(); i++) {
                List<Long> factors = all.get(i);
                assertThat(factors.stream().reduce(1L, (a, b) -> a * b)).isEqualTo(numbers.get(i));
                assertThat(factors).allMatch(p -> BigInteger.valueOf(p).isProbablePrime(30));
            }
        }
    }

    @Test
    void concurrentRequestsForOneArgumentShareOneComputation() throws Exception {
        Map<Integer, AtomicInteger> runs = new ConcurrentHashMap<>();
        CountDownLatch start = new CountDownLatch(1);
        try (RecursiveCache<Integer, Long> sum = RecursiveCache.of((cache, n) -> {
            runs.computeIfAbsent(n, k -> new AtomicInteger()).incrementAndGet();
            if (n == 0) {
                return 0L;
            }
            List<Long> parts = cache.batchAsync(List.of(n - 1, n / 2)).join();
            return parts.get(0) + parts.get(1) + 1;
        })) {
            List<Thread> callers = new ArrayList<>();
            List<Long> answers = java.util.Collections.synchronizedList(new ArrayList<>());
            for (int t = 0; t < 8; t++) {
                int top = 500 + t % 3;
                boolean sync = t % 2 == 0;
                callers.add(Thread.ofVirtual().start(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    answers.add(sync ? sum.apply(top) : sum.applyAsync(top).join());
                }));
            }
            start.countDown();
            for (Thread caller : callers) {
                caller.join();
            }
            assertThat(answers).hasSize(8);
            assertThat(runs).hasSize(503);
            assertThat(runs.values()).allMatch(count -> count.get() == 1);
            assertThat(sum.evaluations()).isEqualTo(503);
            assertThat(sum.getIfPresent(502)).isPresent();
            assertThat(sum.asMap()).hasSize(503);
        }
    }

    @Test
    void failuresAreNotMemoized() {
        AtomicInteger attempts = new AtomicInteger();
        try (RecursiveCache<Integer, Integer> flaky = RecursiveCache.of((cache, n) -> {
            if (attempts.incrementAndGet() == 1) {
                throw new ArithmeticException("first try fails");
            }
            return n * 2;
        })) {
            assertThatThrownBy(() -> flaky.apply(21)).isInstanceOf(ArithmeticException.class)
                    .hasMessage("first try fails");
            assertThat(flaky.getIfPresent(21)).isEmpty();
            assertThat(flaky.apply(21)).isEqualTo(42);
            assertThat(flaky.evaluations()).isEqualTo(2);
        }
        try (RecursiveCache<Integer, Integer> checked = RecursiveCache.of((cache, n) -> {
            throw new IOException("disk gone");
        })) {
            assertThatThrownBy(() -> checked.apply(1)).isInstanceOf(CacheComputationException.class)
                    .hasMessageContaining("computing 1 failed").hasCauseInstanceOf(IOException.class);
            assertThatThrownBy(() -> checked.applyAsync(2).join()).hasRootCauseInstanceOf(IOException.class);
        }
    }

    @Test
    void aComputationAskingForItselfFailsInsteadOfWaitingForever() {
        try (RecursiveCache<Integer, Integer> loop = RecursiveCache.of((cache, n) ->
                n == 0 ? cache.apply(3) : cache.apply(n - 1))) {
            assertThatThrownBy(() -> loop.apply(3)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("computing 3 asks for 3");
            assertThat(loop.size()).isZero();
        }
        // The same across the threads a deep chain hops to.
        try (RecursiveCache<Integer, Integer> deep = RecursiveCache.of((cache, n) ->
                n == 0 ? cache.apply(1_000) : cache.apply(n - 1))) {
            assertThatThrownBy(() -> deep.apply(1_000)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("asks for 1000");
        }
    }

    @Test
    void aClosedCacheRefusesNewBranchesButKeepsItsResults() {
        RecursiveCache<Integer, Integer> square = RecursiveCache.of((cache, n) -> n * n);
        assertThat(square.applyAsync(3).join()).isEqualTo(9);
        square.close();
        assertThat(square.apply(3)).isEqualTo(9);
        assertThat(square.applyAsync(3).join()).isEqualTo(9);
        assertThatThrownBy(() -> square.applyAsync(4)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThat(square.apply(4)).isEqualTo(16);
        assertThat(IntStream.range(0, 10).map(square::apply).sum()).isEqualTo(285);
    }
}
