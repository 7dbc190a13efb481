package dev.samos.bench;

import dev.samos.pipeline.Pipeline;
import dev.samos.pipeline.Task;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * 1M items through 3 trivial stages (a generator, +1, ×2) into a summing consumer, each stage on its own
 * thread(s): the cost of the pipeline itself. The score is ns per item (BenchMain's tables take average times):
 * items/s = 10⁹ / score, item-stages/s = 3× that (goal ≥ 1M).
 * {@code middleWorkers} = 4 gives the middle stage four workers sharing its input.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 3)
public class PipelineBench {

    static final int ITEMS = 1_000_000;

    @Param({"1", "4"})
    public int middleWorkers;

    private Function<Integer, Long> run;

    @Setup
    public void build() {
        run = Pipeline.from(Task.branchStream((Integer n) -> IntStream.range(0, n).boxed()))
                .then(Task.<Integer, Integer>of(x -> x + 1).concurrency(middleWorkers))
                .then(Task.<Integer, Integer>of(x -> x * 2))
                .into(items -> items.mapToLong(Integer::longValue).sum());
    }

    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public long threeStages() {
        return run.apply(ITEMS);
    }
}
