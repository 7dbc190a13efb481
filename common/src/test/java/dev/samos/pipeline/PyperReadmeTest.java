package dev.samos.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The examples of pyper's README, in Java, with their results asserted. */
class PyperReadmeTest {

    /** Generate some data. */
    static Stream<Integer> step1(int limit) {
        return IntStream.range(0, limit).boxed();
    }

    /** Simulate some asynchronous work. */
    static CompletableFuture<Integer> step2(int data) {
        return CompletableFuture.supplyAsync(() -> {
            System.out.println("Finished async sleep");
            return data + 1;
        }, CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS));
    }

    /** Simulate some IO-bound (non awaitable) work. */
    static int step3(int data) throws InterruptedException {
        Thread.sleep(1000);
        System.out.println("Finished sync sleep");
        return 2 * data - 1;
    }

    /** Print the sum of values from a data stream. */
    static int printSum(Stream<Integer> data) {
        int total = data.mapToInt(Integer::intValue).sum();
        System.out.println("Total " + total);
        return total;
    }

    @Test
    void asyncAndBlockingStagesWithTwentyWorkersTakeAboutTwoSeconds() {
        // run = task(step1) | task(step2, concurrency=20) | task(step3, concurrency=20) > print_sum
        Function<Integer, Integer> run = Pipeline.from(Task.branchStream(PyperReadmeTest::step1))
                .then(Task.async(PyperReadmeTest::step2).concurrency(20))
                .then(Task.of(PyperReadmeTest::step3).concurrency(20))
                .into(PyperReadmeTest::printSum);
        long start = System.nanoTime();
        int total = run.apply(20);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(total).isEqualTo(400);
        // ~2 s; sequential would take 40 s. Loose: the machine is shared.
        assertThat(took).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void theSameLogicWithoutConcurrencyGivesTheSameTotal() {
        // "What does the logic translate to in non-concurrent code?" — here without the sleeps, which only cost time.
        int sequential = 0;
        for (int data : step1(20).toList()) {
            sequential += 2 * (data + 1) - 1;
        }
        int piped = Pipeline.from(Task.branchStream(PyperReadmeTest::step1))
                .then(Task.<Integer, Integer>of(data -> data + 1))
                .then(Task.<Integer, Integer>of(data -> 2 * data - 1))
                .into(PyperReadmeTest::printSum)
                .apply(20);
        assertThat(piped).isEqualTo(sequential).isEqualTo(400);
    }

    @Test
    void synchronousStagesWithTwentyWorkersTakeAboutTwoSeconds() {
        // "Do I have to use async?" — no: the same pipeline of blocking functions.
        StageFunction<Integer, Integer> syncStep2 = data -> {
            Thread.sleep(1000);
            return data + 1;
        };
        Function<Integer, Integer> run = Pipeline.from(Task.branchStream(PyperReadmeTest::step1))
                .then(Task.of(syncStep2).concurrency(20))
                .then(Task.of(PyperReadmeTest::step3).concurrency(20))
                .into(PyperReadmeTest::printSum);
        long start = System.nanoTime();
        assertThat(run.apply(20)).isEqualTo(400);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }
}
