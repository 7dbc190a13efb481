package dev.samos.bench;

import dev.samos.codec.StorageCodec;
import java.io.OutputStream;
import java.util.Map;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * StorageCodec on a 100 MiB double[] and on a map of 100k small entries. Encoding goes to a counting sink so the
 * figure is the codec's, not a buffer's growth; decoding reads prepared bytes. BenchMain turns ms/op into MB/s of
 * the value's logical size.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
// Pre-touched heap: in this VM the first write to each fresh heap page faults (~10 µs), which for over a second made
// the 64 KiB-per-address allocation look 50x slower; steady state is what is measured.
@Fork(value = 1, jvmArgs = {"-Xms3g", "-Xmx3g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 1, time = 2)
@Measurement(iterations = 3, time = 2)
public class CodecBench {

    private final StorageCodec codec = new StorageCodec();
    private double[] doubles;
    private Map<String, Integer> map;
    private byte[] encodedDoubles;
    private byte[] encodedMap;

    @Setup(Level.Trial)
    public void prepare() {
        doubles = Inputs.randomDoubles(Inputs.DOUBLES);
        map = Inputs.smallEntries(Inputs.MAP_ENTRIES);
        encodedDoubles = codec.encode(doubles);
        encodedMap = codec.encode(map);
    }

    @Benchmark
    public long encodeDoubles() {
        CountingSink sink = new CountingSink();
        codec.write(doubles, sink);
        return sink.count;
    }

    @Benchmark
    public Object decodeDoubles() {
        return codec.decode(encodedDoubles);
    }

    @Benchmark
    public long encodeMap() {
        CountingSink sink = new CountingSink();
        codec.write(map, sink);
        return sink.count;
    }

    @Benchmark
    public Object decodeMap() {
        return codec.decode(encodedMap);
    }

    /** Discards what it is given; the count is returned so the JIT cannot drop the writes. */
    static final class CountingSink extends OutputStream {

        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
