package dev.samos.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Stages whose function runs in child JVMs ({@code Task.processes(n)}). */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ProcessStageTest {

    static long poolChildren() {
        return ProcessHandle.current().descendants()
                .filter(h -> h.info().arguments().map(a -> List.of(a).contains("dev.samos.pool.ProcessPoolChild"))
                        .orElse(false))
                .filter(ProcessHandle::isAlive).count();
    }

    /** CPU-bound on purpose: the kind of stage processes are for. */
    static long collatzSteps(long n) {
        long steps = 0;
        while (n != 1) {
            n = n % 2 == 0 ? n / 2 : 3 * n + 1;
            steps++;
        }
        return steps;
    }

    @Test
    void aStageRunsInChildProcessesAndTheyEndWithTheRun() {
        long before = poolChildren();
        long parent = ProcessHandle.current().pid();
        long limit = 2_000;
        List<List<Long>> outputs = Pipeline.from(Task.branchStream((Integer n) -> IntStream.rangeClosed(1, n).boxed()))
                .then(Task.of((Integer x) -> List.of((long) x, collatzSteps(x), ProcessHandle.current().pid()))
                        .named("collatz").processes(2))
                .toList((int) limit);
        assertThat(outputs).hasSize((int) limit);
        assertThat(outputs.stream().mapToLong(o -> o.get(1)).sum())
                .isEqualTo(IntStream.rangeClosed(1, (int) limit).mapToLong(ProcessStageTest::collatzSteps).sum());
        assertThat(outputs.stream().map(o -> o.get(2)).distinct()).doesNotContain(parent).hasSizeBetween(1, 2);
        assertThat(poolChildren()).isEqualTo(before);
    }

    @Test
    void anOrderedProcessStageWithCapturesKeepsTheOrder() {
        int offset = 100;
        List<Integer> out = Pipeline.from(Task.branch((Integer n) -> IntStream.range(0, n).boxed().toList()))
                .then(Task.of((Integer x) -> x + offset).processes(2).ordered())
                .toList(50);
        assertThat(out).isEqualTo(IntStream.range(100, 150).boxed().toList());
    }

    @Test
    void aFailureInAChildKeepsItsTypeAndNamesTheStage() {
        long before = poolChildren();
        assertThatThrownBy(() -> Pipeline.from(Task.branch((Integer n) -> IntStream.range(0, n).boxed().toList()))
                .then(Task.of((Integer x) -> {
                    if (x == 7) {
                        throw new IllegalArgumentException("seven");
                    }
                    return x;
                }).named("check").processes(2))
                .toList(20))
                .isInstanceOf(PipelineException.class)
                .satisfies(e -> {
                    assertThat(((PipelineException) e).stage()).contains("check");
                    assertThat(((PipelineException) e).item()).isEqualTo(7);
                    assertThat(e.getCause()).isInstanceOf(IllegalArgumentException.class).hasMessage("seven");
                });
        assertThat(poolChildren()).isEqualTo(before);
    }

    @Test
    void aStageThatCannotBeShippedIsRejectedWhenBuilt() {
        Thread thread = Thread.currentThread();
        Pipeline<Integer, Integer> source = Pipeline.from(Task.branch((Integer n) -> List.of(n)));
        assertThatThrownBy(() -> source.then(Task.of((Integer x) -> thread.getName() + x).named("bad").processes(2)))
                .isInstanceOf(InvalidPipelineException.class)
                .hasMessageContaining("stage 'bad' (2) runs in child processes")
                .hasMessageContaining("capture 0 (a java.lang.Thread) is not a value");
        assertThatThrownBy(() -> source.then(Task.branch((Integer x) -> List.of(x)).processes(2)))
                .isInstanceOf(InvalidPipelineException.class)
                .hasMessageContaining("stage 2 runs in child processes, so it must give one output per input");
        assertThatThrownBy(() -> source.then(Task.of((Integer x) -> x).processes(0)))
                .isInstanceOf(InvalidPipelineException.class);
        assertThat(poolChildren()).isZero();
    }

    @Test
    void stoppingEarlyEndsTheChildren() {
        long before = poolChildren();
        Integer first = Pipeline.from(Task.branchStream((Integer n) -> Stream.iterate(1, i -> i + 1)))
                .then(Task.of((Integer x) -> x * 2).processes(2))
                .into((Stream<Integer> s) -> s.findFirst().orElseThrow())
                .apply(0);
        assertThat(first).isPositive();
        assertThat(poolChildren()).isEqualTo(before);
    }
}
