package dev.samos.bench;

import dev.samos.address.ValueAddress;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Address of a byte[]: the SHA-256 of its canonical encoding. BenchMain turns µs/op into GB/s. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
// Pre-touched heap: in this VM the first write to each fresh heap page faults (~10 µs), which for over a second made
// the 64 KiB-per-address allocation look 50x slower; steady state is what is measured.
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
// Three warmups: on 2 cores the JIT had slow phases lasting over a second before settling.
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 2)
public class AddressBench {

    /** 1 KiB, 1 MiB, 256 MiB. */
    @Param({"1024", "1048576", "268435456"})
    public int size;

    private byte[] bytes;

    @Setup(Level.Trial)
    public void allocate() {
        bytes = Inputs.randomBytes(size);
    }

    @Benchmark
    public ValueAddress address() {
        return ValueAddress.of(bytes);
    }
}
