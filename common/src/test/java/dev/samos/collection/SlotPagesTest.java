package dev.samos.collection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.samos.codec.CorruptValueException;
import dev.samos.codec.StorageCodec;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;
import org.h2.mvstore.WriteBuffer;
import org.junit.jupiter.api.Test;

/**
 * Pages of slots as MVStore writes and reads them, and what reading makes of damaged or hostile bytes: a
 * {@link CorruptValueException} every time, never another exception, a wrong value, a large allocation or a hang.
 */
class SlotPagesTest {

    private final StorageCodec codec = new StorageCodec();

    @Test
    void aPageOfPairsRoundTrips() {
        Object[] pairs = samplePairs();
        Object[] read = read(SlotPages.PAIRS, write(SlotPages.PAIRS, pairs), pairs.length);
        assertThat(read).hasSize(pairs.length);
        for (int i = 0; i < pairs.length; i++) {
            Slots.Pair expected = (Slots.Pair) pairs[i];
            Slots.Pair actual = (Slots.Pair) read[i];
            assertThat(Slots.value(actual.key(), codec)).isEqualTo(Slots.value(expected.key(), codec));
            assertThat(Slots.value(actual.value(), codec)).isEqualTo(Slots.value(expected.value(), codec));
        }
    }

    @Test
    void aPageOfKeysRoundTrips() {
        byte[][] keys = {{}, {1}, {(byte) 0xFF, 2, 3}, new byte[128]};
        Object[] read = read(KeyPages.INSTANCE, write(KeyPages.INSTANCE, keys), keys.length);
        assertThat(read).isEqualTo(keys);
    }

    @Test
    void keysOrderAsUnsignedBytes() {
        assertThat(KeyPages.INSTANCE.compare(new byte[] {1}, new byte[] {(byte) 0xFF})).isNegative();
        assertThat(KeyPages.INSTANCE.compare(new byte[] {1}, new byte[] {1, 0})).isNegative();
        assertThat(KeyPages.INSTANCE.compare(new byte[] {2}, new byte[] {2})).isZero();
    }

    @Test
    void everySingleBitFlipIsCaught() {
        Object[] pairs = samplePairs();
        byte[] page = write(SlotPages.PAIRS, pairs);
        for (int i = 0; i < page.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] damaged = page.clone();
                damaged[i] ^= (byte) (1 << bit);
                assertThatThrownBy(() -> read(SlotPages.PAIRS, damaged, pairs.length))
                        .isInstanceOf(CorruptValueException.class);
            }
        }
    }

    @Test
    void everyTruncationIsCaught() {
        byte[] page = write(SlotPages.SINGLE, new Object[] {"abc", 42L, new byte[] {1, 2}});
        for (int length = 0; length < page.length; length++) {
            byte[] truncated = Arrays.copyOf(page, length);
            assertThatThrownBy(() -> read(SlotPages.SINGLE, truncated, 3)).isInstanceOf(CorruptValueException.class);
        }
    }

    @Test
    void moreOrFewerItemsThanThePageSaysAreCaught() {
        byte[] page = write(SlotPages.SINGLE, new Object[] {1, 2, 3});
        assertThatThrownBy(() -> read(SlotPages.SINGLE, page, 2))
                .isInstanceOf(CorruptValueException.class).hasMessageContaining("bytes follow");
        assertThatThrownBy(() -> read(SlotPages.SINGLE, page, 4)).isInstanceOf(CorruptValueException.class);
    }

    /** Hostile blocks: whatever is inside, the checksum holds, so only the slot decoder stands in the way. */
    @Test
    void hostileBlocksWithAValidChecksumAreRejectedWithoutLargeAllocations() {
        List<byte[]> hostile = List.of(
                new byte[] {99},                                        // unknown tag
                new byte[] {8, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07, 'a'}, // 2 GiB string
                new byte[] {9, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08},      // negative length
                new byte[] {11, 100, 1, 2, 3},                         // coded value longer than the block
                new byte[] {5, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80,
                        (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 1}, // 11-byte varlong
                new byte[] {4, (byte) 0x80},                            // varint cut short
                new byte[] {3, (byte) 0x80, (byte) 0x80, 0x04},          // a short out of range (zig-zag 32768)
                new byte[] {10, 0},                                     // a big integer without bytes
                new byte[] {6, 1, 2});                                  // float cut short
        for (byte[] block : hostile) {
            assertThatThrownBy(() -> read(SlotPages.SINGLE, framed(block), 1))
                    .as(Arrays.toString(block)).isInstanceOf(CorruptValueException.class);
        }
        byte[] hugeKey = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07};
        assertThatThrownBy(() -> read(KeyPages.INSTANCE, framed(hugeKey), 1))
                .isInstanceOf(CorruptValueException.class);
        // A coded slot whose bytes are not a stored value: the storage codec says so when it is read.
        Object coded = read(SlotPages.SINGLE, framed(new byte[] {11, 3, 1, 2, 3}), 1)[0];
        assertThatThrownBy(() -> Slots.value(coded, codec)).isInstanceOf(CorruptValueException.class);
    }

    /** Random blocks, half with a valid checksum: reading ends, and only ever with a CorruptValueException. */
    @Test
    void randomBytesNeverEscapeAsAnotherException() {
        SplittableRandom random = new SplittableRandom(6);
        for (int round = 0; round < 20_000; round++) {
            byte[] block = new byte[random.nextInt(64)];
            random.nextBytes(block);
            if (random.nextBoolean() && block.length > 0) {
                block[0] = (byte) random.nextInt(13);  // mostly known tags, so decoding goes deeper
            }
            byte[] page = random.nextBoolean() ? framed(block) : block;
            int count = 1 + random.nextInt(4);
            SlotPages type = random.nextBoolean() ? SlotPages.PAIRS : SlotPages.SINGLE;
            Throwable thrown = catchThrowable(() -> {
                for (Object slot : read(type, page, count)) {
                    if (slot instanceof Slots.Pair pair) {
                        Slots.value(pair.key(), codec);
                        Slots.value(pair.value(), codec);
                    } else {
                        Slots.value(slot, codec);
                    }
                }
            });
            if (thrown != null) {
                assertThat(thrown).as(Arrays.toString(page)).isInstanceOf(CorruptValueException.class);
            }
        }
    }

    private Object[] samplePairs() {
        Object[] values = {true, (byte) 1, (short) -300, 7, -9L, 1.5f, 2.5, new java.math.BigInteger("-12345678901234567890"),
                "héllo", new byte[] {1, 2}, List.of(1, "x"), "z".repeat(2_000)};
        Object[] pairs = new Object[values.length];
        for (int i = 0; i < values.length; i++) {
            pairs[i] = new Slots.Pair(Slots.of("k" + i, codec), Slots.of(values[i], codec));
        }
        return pairs;
    }

    private static <T> byte[] write(CheckedPages<T> type, Object storage) {
        WriteBuffer out = new WriteBuffer();
        type.write(out, storage, java.lang.reflect.Array.getLength(storage));
        ByteBuffer buffer = out.getBuffer();
        buffer.flip();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    private static Object[] read(CheckedPages<?> type, byte[] page, int count) {
        Object[] storage = type.createStorage(count);
        ByteBuffer in = ByteBuffer.wrap(page);
        type.read(in, storage, count);
        assertThat(in.hasRemaining()).isFalse();
        return storage;
    }

    /** A block as CheckedPages writes it: length, bytes, CRC32C of the bytes. */
    private static byte[] framed(byte[] block) {
        CRC32C crc = new CRC32C();
        crc.update(block);
        return ByteBuffer.allocate(block.length + 8).putInt(block.length).put(block).putInt((int) crc.getValue())
                .array();
    }
}
