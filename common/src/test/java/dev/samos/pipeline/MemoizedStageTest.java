package dev.samos.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samos.function.Kwargs;
import dev.samos.function.Pure;
import dev.samos.portal.Portal;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Beyond pyper: pure stages are memoized through the portal, and can be swarmed to its workers. */
class MemoizedStageTest {

    @TempDir
    Path folder;

    private static long done(Portal portal) {
        return portal.describe().executions().getOrDefault("DONE", 0L);
    }

    private static Pipeline<Integer, Object> tripled(Pure triple) {
        return Pipeline.from(Task.branchStream((Integer n) -> IntStream.range(0, n).boxed()))
                .then(Task.<Integer>pure(triple, "x").concurrency(4).ordered())
                .then(Task.of((Object x) -> x));
    }

    @Test
    void aReRunResumesFromStoredResults() {
        List<Long> expected = LongStream.range(0, 30).map(x -> 3 * x).boxed().toList();
        try (Portal portal = Portal.local(folder)) {
            Pure triple = portal.pure(Triple.class);
            // A first run that got through 10 items before it stopped (a crash, a consumer that stopped early).
            assertThat(tripled(triple).toList(10)).containsExactlyElementsOf(expected.subList(0, 10));
            assertThat(done(portal)).isEqualTo(10);
        }
        try (Portal portal = Portal.local(folder)) {
            Pure triple = portal.pure(Triple.class);
            assertThat(tripled(triple).toList(30)).containsExactlyElementsOf(expected);
            assertThat(done(portal)).isEqualTo(30);
            assertThat(tripled(triple).toList(30)).containsExactlyElementsOf(expected);
            assertThat(done(portal)).isEqualTo(30);
            for (long x = 0; x < 30; x++) {
                var address = portal.executionAddress(triple, Kwargs.of("x", x));
                assertThat(portal.record(address).orElseThrow().attempts()).hasSize(1);
            }
        }
    }

    @Test
    void fixedKwargsOfAPureStageArePartOfItsCalls() {
        try (Portal portal = Portal.local(folder)) {
            Pure triple = portal.pure(Triple.class);
            List<Object> out = Pipeline.from(Task.branch((Integer n) -> List.of(1L, 2L)))
                    .then(Task.<Long>pure(triple, x -> Kwargs.of("x", x * 10)))
                    .toList(0);
            assertThat(out).containsExactly(30L, 60L);
            assertThat(done(portal)).isEqualTo(2);
        }
    }

    @Test
    void aSwarmedStageRunsOnThePortalsWorkersAndIsMemoizedToo() {
        try (Portal portal = Portal.local(folder)) {
            Pure triple = portal.pure(Triple.class);
            Pipeline<Integer, Long> pipeline = Pipeline.from(Task.branchStream((Integer n) -> IntStream.range(0, n)
                            .boxed()))
                    .then(Task.<Integer>swarmed(portal, triple, "x"))
                    .then(Task.of((Object x) -> (Long) x));
            long sum = pipeline.into(s -> s.mapToLong(Long::longValue).sum()).apply(50);
            assertThat(sum).isEqualTo(3L * 49 * 50 / 2);
            assertThat(done(portal)).isEqualTo(50);
            assertThat(pipeline.into(s -> s.mapToLong(Long::longValue).sum()).apply(50)).isEqualTo(sum);
            assertThat(done(portal)).isEqualTo(50);
        }
    }
}
