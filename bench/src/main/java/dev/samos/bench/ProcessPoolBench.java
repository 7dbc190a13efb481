package dev.samos.bench;

import dev.samos.pool.Pool;
import dev.samos.pool.ProcessPool;
import dev.samos.pool.SerializableFunction;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
 * A process pool of 2 child JVMs mapping 10k small tasks ({@code x -> 2x + 1} on boxed integers): what a map costs
 * when every input and result crosses a pipe (encoded as values, in chunks of 10k / (2 × 4) = 1,250). {@code map10k}
 * is a warm pool (children started, function shipped once per map, JIT warm on both sides); {@code coldMap10k}
 * starts the pool, maps once and closes it, child JVM start-up included. The score is time per task (BenchMain
 * reports tasks/s). For scale: pathos's process-pool map does about 390k tasks/s on small tasks.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgs = {"-Xms512m", "-Xmx512m", "--enable-native-access=ALL-UNNAMED",
        "--sun-misc-unsafe-memory-access=allow"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ProcessPoolBench {

    static final int TASKS = 10_000;

    private static final SerializableFunction<Integer, Integer> SMALL = x -> x * 2 + 1;

    private List<Integer> items;
    private ProcessPool pool;

    @Setup(Level.Trial)
    public void start() {
        items = IntStream.range(0, TASKS).boxed().toList();
        pool = Pool.processes(2);
    }

    @TearDown(Level.Trial)
    public void stop() {
        pool.close();
    }

    @Benchmark
    @OperationsPerInvocation(TASKS)
    public List<Integer> map10k() {
        return pool.map(SMALL, items);
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OperationsPerInvocation(TASKS)
    @Warmup(iterations = 1)
    @Measurement(iterations = 5)
    public List<Integer> coldMap10k() {
        try (ProcessPool fresh = Pool.processes(2)) {
            return fresh.map(SMALL, items);
        }
    }
}
