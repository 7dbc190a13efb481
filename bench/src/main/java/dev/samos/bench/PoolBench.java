package dev.samos.bench;

import dev.samos.pool.Pool;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code map} of a trivial function over 1M items on a pool of one platform thread per core, against the JDK's
 * parallel stream (the common fork-join pool) doing the same work into a list: the cost of the pool's hand-offs
 * and result gathering. The score is ns per item (BenchMain's tables take average times); goal: the pool within
 * 1/0.7 of the stream's time. {@code virtualMap} is the same map on virtual threads, one per chunk.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 3)
public class PoolBench {

    static final int ITEMS = 1_000_000;

    private static final Function<Integer, Integer> TRIVIAL = x -> x * 2 + 1;

    private List<Integer> items;
    private Pool threads;
    private Pool virtual;

    @Setup(Level.Trial)
    public void start() {
        items = IntStream.range(0, ITEMS).boxed().toList();
        threads = Pool.threads(Runtime.getRuntime().availableProcessors());
        virtual = Pool.virtualThreads();
    }

    @TearDown(Level.Trial)
    public void stop() {
        threads.close();
        virtual.close();
    }

    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public List<Integer> poolMap() {
        return threads.map(TRIVIAL, items);
    }

    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public List<Integer> virtualMap() {
        return virtual.map(TRIVIAL, items);
    }

    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public List<Integer> parallelStream() {
        return items.parallelStream().map(TRIVIAL).toList();
    }
}
