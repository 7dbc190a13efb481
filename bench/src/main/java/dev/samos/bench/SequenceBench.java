package dev.samos.bench;

import dev.samos.sequence.BufferedSequence;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Iterating a buffered sequence over a trivial generator (a counter): the cost of the hand-off between the producer
 * thread and the reader, which is all there is here. One operation is one item (ns/item; items/s = 10^9 / ns); each
 * invocation builds a sequence, reads 1M items and closes it, so the producer thread's start is included (amortized
 * over the million). PySpeedup's Buffer iterates 160 items/s on this machine.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class SequenceBench {

    static final int ITEMS = 1_000_000;

    private static long iterate(int bufferSize) {
        long sum = 0;
        try (BufferedSequence<Long> sequence = BufferedSequence.over(LongStream.iterate(0, i -> i + 1).iterator())
                .bufferSize(bufferSize).build()) {
            var items = sequence.iterator();
            for (int i = 0; i < ITEMS; i++) {
                sum += items.next();
            }
        }
        return sum;
    }

    /** PySpeedup's default look-ahead. */
    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public long iterateBuffer16() {
        return iterate(BufferedSequence.DEFAULT_BUFFER_SIZE);
    }

    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public long iterateBuffer1024() {
        return iterate(1_024);
    }
}
