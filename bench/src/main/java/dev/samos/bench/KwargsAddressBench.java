package dev.samos.bench;

import dev.samos.address.ValueAddress;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Address of a call's kwargs, paid on every memoized call; the goal is at most 1 µs. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
// Pre-touched heap: in this VM the first write to each fresh heap page faults (~10 µs), which for over a second made
// the 64 KiB-per-address allocation look 50x slower; steady state is what is measured.
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
// Three warmups: on 2 cores the JIT had slow phases lasting over a second before settling.
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 2)
public class KwargsAddressBench {

    private Map<String, Object> kwargs;

    @Setup
    public void prepare() {
        kwargs = Inputs.kwargs();
    }

    @Benchmark
    public ValueAddress address() {
        return ValueAddress.of(kwargs, "kwargs");
    }
}
