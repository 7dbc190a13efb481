package dev.samos.codec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import static dev.samos.codec.StorageCodecSecurityTest.allocatedBy;
import static org.assertj.core.api.Assertions.assertThat;

/** Proves that neither direction makes a full extra copy of a large value: the codec streams. */
class StorageCodecStreamingTest {

    private static final int MIB = 1 << 20;
    private static final int SIZE_BYTES = 256 * MIB;

    private final StorageCodec codec = new StorageCodec();

    @Test
    void writesAndReadsA256MibArrayWithoutCopyingIt(@TempDir Path dir) throws IOException {
        double[] values = new double[SIZE_BYTES / Double.BYTES];
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextDouble(); // incompressible, so the encoding is as large as the array
        }
        codec.decode(codec.encode(new double[] {1, 2})); // warm up class loading outside the measurements

        CountingSink sink = new CountingSink();
        long writeAllocation = allocatedBy(() -> {
            codec.write(values, sink);
            return null;
        });
        assertThat(sink.count).isGreaterThan(SIZE_BYTES);
        // The pure-Java LZ4 compressor allocates its 16 KiB hash table per 64 KiB block (a quarter of the size;
        // the JNI one, which leaves its library in the temp folder, did not): far from a copy of the value.
        assertThat(writeAllocation).isLessThan(SIZE_BYTES / 4 + 32L * MIB);

        Path file = dir.resolve("value.bin");
        try (OutputStream out = Files.newOutputStream(file)) {
            codec.write(values, out);
        }
        Object[] decoded = new Object[1];
        long readAllocation;
        try (InputStream in = Files.newInputStream(file)) {
            readAllocation = allocatedBy(() -> decoded[0] = codec.read(in));
        }
        assertThat(readAllocation).isLessThan(SIZE_BYTES + 32L * MIB);
        assertThat((double[]) decoded[0]).isEqualTo(values);
    }

    private static final class CountingSink extends OutputStream {
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
