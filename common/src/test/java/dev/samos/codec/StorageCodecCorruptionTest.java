package dev.samos.codec;

import dev.samos.codec.TestValues.Color;
import dev.samos.codec.TestValues.Point;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

class StorageCodecCorruptionTest {

    private final StorageCodec codec = new StorageCodec();

    private static final Object SMALL = Map.of("points", List.of(new Point(1, 2), new Point(3, 4)), "color", Color.RED,
            "name", "små", "maybe", Optional.of(42L), "bytes", new byte[] {1, 2, 3});

    private static Object large() {
        List<Object> list = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 40_000; i++) {
            list.add(List.of("item-" + random.nextInt(), random.nextDouble(), new Point(i, -i)));
        }
        return list;
    }

    /** Every failure must be a CorruptValueException; in particular never another type, never a decoded value. */
    private void assertCorrupt(byte[] bytes, String context) {
        Throwable thrown = catchThrowable(() -> codec.decode(bytes));
        assertThat(thrown).as(context).isInstanceOf(CorruptValueException.class);
    }

    @Test
    void everyPrefixOfASmallEncodingIsRejected() {
        byte[] bytes = codec.encode(SMALL);
        for (int length = 0; length < bytes.length; length++) {
            assertCorrupt(Arrays.copyOf(bytes, length), "prefix of " + length + " of " + bytes.length + " bytes");
        }
    }

    @Test
    void cutsOfALargeEncodingAreRejected() {
        byte[] bytes = codec.encode(large());
        assertThat(bytes.length).isGreaterThan(200_000); // several LZ4 blocks
        SplittableRandom random = new SplittableRandom(3);
        List<Integer> cuts = new ArrayList<>(List.of(5, 12, 13, 100, bytes.length / 2, bytes.length - 1,
                bytes.length - 4, bytes.length - 5, bytes.length - 8, bytes.length - 9));
        IntStream.range(0, 20).forEach(i -> cuts.add(random.nextInt(bytes.length)));
        for (int cut : cuts) {
            assertCorrupt(Arrays.copyOf(bytes, cut), "cut at " + cut);
        }
    }

    @Test
    void truncationIsReportedAsSuch() {
        byte[] bytes = codec.encode(SMALL);
        assertThatThrownBy(() -> codec.decode(Arrays.copyOf(bytes, bytes.length - 3)))
                .isInstanceOf(CorruptValueException.class).hasMessageContaining("truncated");
    }

    @Test
    void everySingleBitFlipInASmallEncodingIsRejected() {
        byte[] bytes = codec.encode(SMALL);
        for (int position = 0; position < bytes.length; position++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] flipped = bytes.clone();
                flipped[position] ^= (byte) (1 << bit);
                assertCorrupt(flipped, "bit " + bit + " of byte " + position);
            }
        }
    }

    @Test
    void flippedBytesInALargeEncodingAreRejected() {
        byte[] bytes = codec.encode(large());
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 300; i++) {
            byte[] flipped = bytes.clone();
            int position = random.nextInt(bytes.length);
            flipped[position] ^= (byte) (1 + random.nextInt(255));
            assertCorrupt(flipped, "byte " + position);
        }
    }

    @Test
    void randomGarbageIsRejected() {
        SplittableRandom random = new SplittableRandom(5);
        byte[] valid = codec.encode(SMALL);
        for (int i = 0; i < 500; i++) {
            byte[] garbage = new byte[random.nextInt(1, 300)];
            random.nextBytes(garbage);
            assertCorrupt(garbage, "garbage #" + i);
            // Garbage behind a valid header and frame descriptor gets past the cheap checks.
            byte[] framed = Arrays.copyOf(valid, 12 + garbage.length);
            System.arraycopy(garbage, 0, framed, 12, garbage.length);
            assertCorrupt(framed, "framed garbage #" + i);
        }
    }

    @Test
    void emptyInputIsNotAStoredValue() {
        assertThatThrownBy(() -> codec.decode(new byte[0])).isInstanceOf(CorruptValueException.class)
                .hasMessageContaining("not a Samos stored value");
    }

    @Test
    void otherFormatsAndVersionsAreRejected() {
        assertThatThrownBy(() -> codec.decode("{\"json\": true}".getBytes()))
                .isInstanceOf(CorruptValueException.class).hasMessageContaining("not a Samos stored value");
        byte[] otherVersion = codec.encode(1);
        otherVersion[4] = 1; // format 1 wrote records positionally: refused, never misread
        assertThatThrownBy(() -> codec.decode(otherVersion))
                .isInstanceOf(CorruptValueException.class).hasMessageContaining("format version 1");
    }

    @Test
    void trailingBytesAfterTheValueAreRejected() {
        byte[] bytes = codec.encode(SMALL);
        assertThatThrownBy(() -> codec.decode(Arrays.copyOf(bytes, bytes.length + 1)))
                .isInstanceOf(CorruptValueException.class).hasMessageContaining("follow the stored value");
    }

    @Test
    void trailingBytesInsideTheFrameAreRejected() throws IOException {
        com.esotericsoftware.kryo.io.Output payload = new com.esotericsoftware.kryo.io.Output(64, -1);
        payload.writeVarInt(0 + 2, true); // Integer, id 0
        payload.writeInt(7);
        payload.writeByte(99); // one byte too many
        assertThatThrownBy(() -> codec.decode(StorageCodec.frame(payload.toBytes())))
                .isInstanceOf(CorruptValueException.class).hasMessageContaining("follows the value");
    }

    @Test
    void failuresOfTheCallersStreamAreIoErrorsNotCorruption() {
        byte[] bytes = codec.encode(SMALL);
        InputStream failing = new InputStream() {
            private final InputStream delegate = new ByteArrayInputStream(bytes, 0, 20);

            @Override
            public int read() throws IOException {
                int b = delegate.read();
                if (b < 0) {
                    throw new IOException("disk on fire");
                }
                return b;
            }
        };
        assertThatThrownBy(() -> codec.read(failing)).isInstanceOf(UncheckedIOException.class)
                .hasRootCauseMessage("disk on fire");
    }

    @Test
    void theCodecKeepsWorkingAfterRejectingBytes() {
        for (int i = 0; i < 50; i++) {
            assertCorrupt(new byte[] {(byte) 0xC5, 'S', 'A', 'M', 1, 4, 0x22, 0x4d, 0x18}, "round " + i);
        }
        assertThat(codec.decode(codec.encode(SMALL))).isNotNull();
    }
}
