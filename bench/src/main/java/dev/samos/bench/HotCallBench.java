package dev.samos.bench;

import dev.samos.bench.functions.Square;
import dev.samos.function.Kwargs;
import dev.samos.function.Pure;
import dev.samos.portal.LocalPortal;
import dev.samos.portal.PortalOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/** A memoized call whose result is in memory: the whole cost of asking Samos. Goal: at most 2 µs. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 2)
public class HotCallBench {

    private Path folder;
    private LocalPortal portal;
    private Pure square;
    private Kwargs kwargs;

    @Setup(Level.Trial)
    public void open() throws IOException {
        folder = Files.createTempDirectory("samos-hot-call");
        portal = LocalPortal.open(folder, PortalOptions.defaults().withWorkers(0));
        square = portal.pure(Square.class);
        kwargs = Kwargs.of("x", 12_345);
        square.call(kwargs);
    }

    @Benchmark
    public Object call() {
        return portal.call(square, kwargs);
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        portal.close();
        try (var paths = Files.walk(folder)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
