package dev.samos.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class PipelineTest {

    private static Task<Integer, Integer> range() {
        return Task.branchStream((Integer n) -> IntStream.range(0, n).boxed()).named("range");
    }

    private static Task<Integer, Integer> naturals(AtomicLong produced) {
        return Task.branchStream((Integer start) -> Stream.iterate(start, i -> i + 1).peek(i -> produced.incrementAndGet()))
                .named("naturals");
    }

    @Test
    void mapsInOrderWithOneWorkerPerStage() {
        List<Integer> out = Pipeline.from(range()).then(Task.of((Integer x) -> x * 10)).toList(5);
        assertThat(out).containsExactly(0, 10, 20, 30, 40);
    }

    @Test
    void severalWorkersGiveEveryOutputInSomeOrderAndOrderedKeepsInputOrder() {
        StageFunction<Integer, Integer> jittery = x -> {
            Thread.sleep((x * 7) % 5);
            return x * 2;
        };
        List<Integer> expected = IntStream.range(0, 200).map(x -> x * 2).boxed().toList();
        assertThat(Pipeline.from(range()).then(Task.of(jittery).concurrency(8)).toList(200))
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(Pipeline.from(range()).then(Task.of(jittery).concurrency(8).ordered()).toList(200))
                .containsExactlyElementsOf(expected);
    }

    @Test
    void anOrderedBranchKeepsEachInputsItemsTogetherInInputOrder() {
        StageFunction<Integer, List<String>> letters = x -> {
            Thread.sleep(20 - x);
            return List.of(x + "a", x + "b");
        };
        List<String> out = Pipeline.from(range())
                .then(Task.branch(letters).concurrency(4).ordered())
                .toList(6);
        assertThat(out).containsExactly("0a", "0b", "1a", "1b", "2a", "2b", "3a", "3b", "4a", "4b", "5a", "5b");
    }

    @Test
    void aBranchFlowsItsItemsOnOneByOne() {
        List<String> out = Pipeline.from(Task.branch((String text) -> Arrays.asList(text.split(" "))))
                .then(Task.branch((String word) -> word.chars().mapToObj(c -> String.valueOf((char) c)).toList()))
                .then(Task.of(String::toUpperCase))
                .toList("ab cd");
        assertThat(out).containsExactly("A", "B", "C", "D");
    }

    @Test
    void aJoinReceivesTheWholeUpstream() {
        Function<Integer, Integer> sum = Pipeline.from(range())
                .then(Task.<Integer, Integer>of(x -> x + 1).concurrency(3))
                .then(Task.join((Stream<Integer> all) -> all.mapToInt(Integer::intValue).sum()))
                .into(s -> s.findFirst().orElseThrow());
        assertThat(sum.apply(100)).isEqualTo(5050);
    }

    @Test
    void aJoiningBranchRegroupsTheStream() {
        // Batches of three, like pyper's join=True, branch=True example.
        List<List<Integer>> batches = Pipeline.from(range())
                .then(Task.joinBranch((Stream<Integer> all) -> {
                    List<Integer> items = all.toList();
                    return IntStream.range(0, (items.size() + 2) / 3)
                            .mapToObj(b -> items.subList(3 * b, Math.min(items.size(), 3 * b + 3)));
                }))
                .toList(7);
        assertThat(batches).containsExactly(List.of(0, 1, 2), List.of(3, 4, 5), List.of(6));
    }

    @Test
    void nullItemsPassThrough() {
        List<String> out = Pipeline.from(Task.branch((Integer n) -> Arrays.asList("a", null, "b")))
                .then(Task.of((String s) -> s == null ? null : s + "!"))
                .toList(0);
        assertThat(out).containsExactly("a!", null, "b!");
    }

    @Test
    void fixedArgumentsAreBoundWithClosures() {
        int factor = 3;
        String suffix = "x";
        List<String> out = Pipeline.from(range())
                .then(Task.of((Integer x) -> scale(x, factor)))
                .then(Task.of((Integer x) -> x + suffix))
                .toList(3);
        assertThat(out).containsExactly("0x", "3x", "6x");
    }

    private static int scale(int x, int factor) {
        return x * factor;
    }

    @Test
    void syncAndAsyncStagesMix() {
        List<Integer> out = Pipeline.from(range())
                .then(Task.async((Integer x) -> CompletableFuture.supplyAsync(() -> x + 1)).concurrency(5))
                .then(Task.of((Integer x) -> x * 2).concurrency(5).ordered())
                .then(Task.async((Integer x) -> CompletableFuture.completedFuture(x - 1)))
                .into(s -> s.sorted().toList())
                .apply(5);
        assertThat(out).containsExactly(1, 3, 5, 7, 9);
    }

    @Test
    void manyWorkersInManyStagesWithTightThrottlesDoNotDeadlock() {
        // pyper shares one pool of cores + 4 threads across stages and stalls beyond it.
        StageFunction<Integer, Integer> nap = x -> {
            Thread.sleep(1);
            return x;
        };
        long sum = Pipeline.from(range())
                .then(Task.of(nap).concurrency(200).throttle(2))
                .then(Task.of(nap).concurrency(300).throttle(1))
                .then(Task.branch((Integer x) -> List.of(x, x)).concurrency(100).throttle(3))
                .then(Task.of(nap).concurrency(500).throttle(1))
                .into(s -> s.mapToLong(Integer::longValue).sum())
                .apply(2000);
        assertThat(sum).isEqualTo(2L * 1999 * 2000 / 2);
    }

    @Test
    void throttleBoundsHowFarAStageRunsAhead() throws Exception {
        AtomicLong produced = new AtomicLong();
        CountDownLatch firstSeen = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread consumer = Thread.ofVirtual().start(() -> Pipeline.from(naturals(produced).throttle(10))
                .into(s -> s.peek(x -> {
                    firstSeen.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }).limit(1).count())
                .apply(0));
        assertThat(firstSeen.await(10, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(200);
        // The channel (10), the consumer's batch (at most what the channel held) and one being made: never more.
        assertThat(produced.get()).isLessThanOrEqualTo(10 + 10 + 1);
        release.countDown();
        consumer.join();
    }

    @Test
    void nothingRunsBeforeTheFirstPull() {
        AtomicInteger calls = new AtomicInteger();
        Stream<Integer> stream = Pipeline.from(Task.branch((Integer n) -> {
            calls.incrementAndGet();
            return List.of(1, 2, 3);
        })).stream(0);
        assertThat(calls).hasValue(0);
        try (stream) {
            assertThat(stream.toList()).containsExactly(1, 2, 3);
        }
        assertThat(calls).hasValue(1);
    }

    @Test
    void aConsumerThatStopsEarlyStopsEveryStageTheInfiniteSourceIncluded() throws Exception {
        TrackingThreads threads = TrackingThreads.virtual();
        AtomicLong produced = new AtomicLong();
        List<Integer> firstFive = Pipeline.from(naturals(produced))
                .then(Task.of((Integer x) -> x * x).concurrency(4).ordered())
                .then(Task.of((Integer x) -> x + 1).concurrency(3))
                .withThreads(threads)
                .into(s -> s.limit(5).sorted().toList())
                .apply(0);
        assertThat(firstFive).hasSize(5).allMatch(x -> x >= 1);
        assertThat(threads.made()).isGreaterThan(0);
        assertThat(threads.alive()).isZero();
        long after = produced.get();
        Thread.sleep(100);
        assertThat(produced.get()).isEqualTo(after);
    }

    @Test
    @org.junit.jupiter.api.Timeout(60)
    void stoppingEarlyInterruptsWorkersBlockedInsideTheirFunction() {
        TrackingThreads threads = TrackingThreads.virtual();
        StageFunction<Integer, Integer> stuck = x -> {
            if (x >= 2) {
                Thread.sleep(Long.MAX_VALUE);
            }
            return x;
        };
        List<Integer> two = Pipeline.from(naturals(new AtomicLong()))
                .then(Task.of(stuck).concurrency(5))
                .then(Task.async((Integer x) -> new CompletableFuture<Integer>().completeAsync(() -> x)))
                .withThreads(threads)
                .into(s -> s.limit(2).sorted().toList())
                .apply(0);
        assertThat(two).containsExactly(0, 1);
        assertThat(threads.alive()).isZero();
    }

    @Test
    void closingAStreamStopsEveryStage() {
        TrackingThreads threads = TrackingThreads.virtual();
        AtomicLong produced = new AtomicLong();
        try (Stream<Integer> stream = Pipeline.from(naturals(produced)).then(Task.of((Integer x) -> x).concurrency(2))
                .withThreads(threads).stream(0)) {
            assertThat(stream.iterator().next()).isNotNull();
        }
        assertThat(threads.alive()).isZero();
    }

    @Test
    void platformThreadWorkersAreAllGoneAfterEarlyStopAndAfterFailure() {
        long before = TrackingThreads.livePipelinePlatformThreads();
        Pipeline<Integer, Integer> pipeline = Pipeline.from(naturals(new AtomicLong()))
                .then(Task.of((Integer x) -> {
                    if (x == 5000) {
                        throw new IllegalStateException("boom");
                    }
                    return x;
                }).concurrency(6))
                .withThreads(Thread.ofPlatform().factory());
        assertThat(pipeline.into(s -> s.limit(3).count()).apply(0)).isEqualTo(3);
        assertThat(TrackingThreads.livePipelinePlatformThreads()).isEqualTo(before);
        assertThatThrownBy(() -> pipeline.toList(0)).isInstanceOf(PipelineException.class);
        assertThat(TrackingThreads.livePipelinePlatformThreads()).isEqualTo(before);
    }

    @Test
    void anErrorCancelsTheRunAndNamesTheStageAndTheItem() {
        TrackingThreads threads = TrackingThreads.virtual();
        AtomicLong produced = new AtomicLong();
        StageFunction<Integer, Integer> sleepy = x -> {
            Thread.sleep(5);
            return x;
        };
        Pipeline<Integer, Integer> pipeline = Pipeline.from(naturals(produced))
                .then(Task.of(sleepy).concurrency(10))
                .then(Task.of((Integer x) -> {
                    if (x == 42) {
                        throw new UncheckedIOException("disk full", new java.io.IOException("disk full"));
                    }
                    return x;
                }).named("write").concurrency(3))
                .then(Task.of(sleepy).concurrency(10))
                .withThreads(threads);
        assertThatThrownBy(() -> pipeline.into(s -> s.count()).apply(0))
                .isInstanceOfSatisfying(PipelineException.class, e -> {
                    assertThat(e.stage()).isEqualTo("stage 'write' (3)");
                    assertThat(e.item()).isEqualTo(42);
                    assertThat(e.getMessage()).contains("stage 'write' (3) failed on item 42").contains("disk full");
                })
                .isInstanceOf(dev.samos.SamosException.class)
                .hasCauseInstanceOf(UncheckedIOException.class);
        assertThat(threads.alive()).isZero();
        long after = produced.get();
        assertThat(after).isLessThan(100_000);
    }

    @Test
    void anAsyncFailureReachesTheCallerWithItsOriginalException() {
        assertThatThrownBy(() -> Pipeline.from(range())
                .then(Task.async((Integer x) -> x == 3
                        ? CompletableFuture.<Integer>failedFuture(new ArithmeticException("three"))
                        : CompletableFuture.completedFuture(x)).named("async").concurrency(2))
                .toList(10))
                .isInstanceOf(PipelineException.class)
                .hasMessageContaining("stage 'async' (2) failed on item 3")
                .cause().isInstanceOf(ArithmeticException.class).hasMessage("three");
    }

    @Test
    void aFailingSourceAndAFailingJoinAreReportedToo() {
        assertThatThrownBy(() -> Pipeline.from(Task.of((Integer x) -> 1 / x).named("divide")).toList(0))
                .isInstanceOf(PipelineException.class).hasMessageContaining("stage 'divide' (1) failed on item 0")
                .hasCauseInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> Pipeline.from(range())
                .then(Task.join((Stream<Integer> all) -> all.mapToInt(x -> 10 / (x - 2)).sum()))
                .toList(5))
                .isInstanceOf(PipelineException.class).hasMessageContaining("stage 2 failed on item (the joined upstream)")
                .hasCauseInstanceOf(ArithmeticException.class);
    }

    @Test
    void invalidShapesAreRejectedWhenBuiltNamingTheStage() {
        assertThatThrownBy(() -> Pipeline.from(range().concurrency(4)))
                .isInstanceOf(InvalidPipelineException.class)
                .hasMessageContaining("stage 'range' (1) is the source")
                .hasMessageContaining("4 workers");
        assertThatThrownBy(() -> Pipeline.from(range())
                .then(Task.of((Integer x) -> x))
                .then(Task.join((Stream<Integer> all) -> all.count()).named("count").concurrency(2)))
                .isInstanceOf(InvalidPipelineException.class)
                .hasMessageContaining("stage 'count' (3) is a join");
        assertThatThrownBy(() -> Task.of((Integer x) -> x).named("square").concurrency(0))
                .isInstanceOf(InvalidPipelineException.class).hasMessageContaining("stage 'square': concurrency");
        assertThatThrownBy(() -> Task.of((Integer x) -> x).throttle(0))
                .isInstanceOf(InvalidPipelineException.class).hasMessageContaining("throttle");
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void aBranchThatReturnsANonIterableAtRunTimeFailsNamingTheStage() {
        // The types reject Task.branch(x -> x + 1) at compile time; only a raw function gets this far.
        StageFunction raw = x -> 7;
        assertThatThrownBy(() -> Pipeline.from(range()).then(Task.branch(raw).named("explode")).toList(3))
                .isInstanceOf(PipelineException.class)
                .hasMessageContaining("stage 'explode' (2) failed on item 0")
                .cause().isInstanceOf(InvalidPipelineException.class)
                .hasMessageContaining("is a branch but returned a java.lang.Integer");
    }

    @Test
    void theFirstStageCanBeAPlainFunctionOfTheInput() {
        assertThat(Pipeline.from(Task.of((String s) -> s.length())).then(Task.of((Integer n) -> n * 2)).toList("four"))
                .containsExactly(8);
    }

    @Test
    void pipelinesCompose() {
        Pipeline<Integer, Integer> head = Pipeline.from(range());
        Pipeline<Integer, String> tail = Pipeline.from(Task.of((Integer x) -> x + 1))
                .then(Task.of((Integer x) -> "#" + x));
        assertThat(head.then(tail).toList(3)).containsExactly("#1", "#2", "#3");
        assertThat(head.then(tail).size()).isEqualTo(3);
    }

    @Test
    void everyItemIsProcessedExactlyOnceUnderHeavyConcurrency() {
        ConcurrentHashMap<Integer, Integer> seen = new ConcurrentHashMap<>();
        List<Integer> out = Collections.synchronizedList(new ArrayList<>());
        Pipeline.from(range())
                .then(Task.of((Integer x) -> {
                    seen.merge(x, 1, Integer::sum);
                    return x;
                }).concurrency(16).throttle(7))
                .then(Task.of((Integer x) -> x).concurrency(5))
                .into(s -> {
                    s.forEach(out::add);
                    return null;
                })
                .apply(100_000);
        assertThat(out).hasSize(100_000);
        assertThat(seen).hasSize(100_000);
        assertThat(seen.values()).allMatch(v -> v == 1);
    }
}
