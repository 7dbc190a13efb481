package dev.samos.collection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samos.address.CanonicalEncoding;
import dev.samos.codec.CorruptValueException;
import dev.samos.codec.StorageCodec;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of value through the compact slots and through the storage-codec fallback, on disk and back. */
class DiskValueKindsTest {

    record Point(int x, int y) {
    }

    enum Color { RED, GREEN }

    private static final StorageCodec CODEC = new StorageCodec();

    @TempDir
    Path dir;

    /** Small immutable values (the compact form) at their edges, then values just past it and containers. */
    static List<Object> values() {
        List<Object> values = new ArrayList<>(List.of(
                true, false,
                (byte) 0, Byte.MIN_VALUE, Byte.MAX_VALUE,
                (short) 0, (short) -1, Short.MIN_VALUE, Short.MAX_VALUE,
                0, -1, 1, 63, 64, -64, -65, Integer.MIN_VALUE, Integer.MAX_VALUE,
                0L, -1L, Long.MIN_VALUE, Long.MAX_VALUE, 1L << 40,
                0.0f, -0.0f, Float.NaN, Float.MIN_VALUE, Float.NEGATIVE_INFINITY, 3.25f,
                0.0, -0.0, Double.NaN, Double.MAX_VALUE, Double.POSITIVE_INFINITY, Math.PI,
                BigInteger.ZERO, BigInteger.valueOf(-1), BigInteger.TWO.pow(200).negate(),
                "", "a", "value-123456", "héllo wörld", "日本語", "emoji 😀 and a lone \u00e9",
                "x".repeat(Slots.MAX_INLINE_LENGTH), "y".repeat(Slots.MAX_INLINE_LENGTH + 1),
                new byte[0], new byte[] {1, 2, -128, 127}, filled(Slots.MAX_INLINE_LENGTH),
                filled(Slots.MAX_INLINE_LENGTH + 1),
                List.of(1, "two", 3.0), new ArrayList<>(List.of(1L, 2L)), Map.of("x", 3.5),
                new LinkedHashMap<>(Map.of("k", List.of(true))), new TreeSet<>(Set.of(3, 1, 2)),
                new double[] {1.5, Double.NaN}, new long[] {Long.MIN_VALUE}, new int[] {7}, new short[] {-2},
                new float[] {2.5f}, new Point(3, 4), Color.GREEN, List.of(new Point(1, 2), Color.RED)));
        // A NaN with an unusual payload keeps its bits.
        values.add(Double.longBitsToDouble(0x7ff8_0000_0000_1234L));
        return values;
    }

    @Test
    void everyKindRoundTripsAsKeyAndValueInAMapAfterReopening() {
        List<Object> values = values();
        try (DiskMap<Object, Object> map = DiskMap.open(dir.resolve("values"));
                DiskMap<Object, Object> byValue = DiskMap.open(dir.resolve("keys"))) {
            for (int i = 0; i < values.size(); i++) {
                map.put(i, values.get(i));
                byValue.put(values.get(i), i);
            }
            assertSameValues(map, values);  // from memory (pages not yet written)
        }
        try (DiskMap<Object, Object> map = DiskMap.open(dir.resolve("values"));
                DiskMap<Object, Object> byValue = DiskMap.open(dir.resolve("keys"))) {
            assertSameValues(map, values);  // decoded from the file
            for (Object value : values) {
                assertThat(byValue.get(value)).isNotNull();
            }
            // Iteration gives each key back with the Java type it was last put with (3, 3L and a BigInteger 3 are
            // one key: the last put wins).
            Map<String, Object> lastPut = new LinkedHashMap<>();
            for (Object value : values) {
                lastPut.put(HexFormat.of().formatHex(CanonicalEncoding.encode(value)), value);
            }
            List<Object> keys = new ArrayList<>(byValue.keySet());
            for (Object key : lastPut.values()) {
                assertThat(keys).anySatisfy(k -> assertSameValue(k, key));
            }
        }
    }

    private static void assertSameValues(DiskMap<Object, Object> map, List<Object> values) {
        for (int i = 0; i < values.size(); i++) {
            assertSameValue(map.get(i), values.get(i));
        }
    }

    @Test
    void everyKindRoundTripsInAList() {
        List<Object> values = values();
        try (DiskList<Object> list = DiskList.open(dir)) {
            list.addAll(values);
        }
        try (DiskList<Object> list = DiskList.open(dir)) {
            assertThat(list).hasSize(values.size());
            for (int i = 0; i < values.size(); i++) {
                assertSameValue(list.get(i), values.get(i));
            }
        }
    }

    /**
     * Same value and the Java type the storage codec gives back (itself for the compact kinds, a mutable collection
     * for an immutable one); floats by their bits, arrays by content.
     */
    private static void assertSameValue(Object actual, Object expected) {
        assertThat(actual).isNotNull();
        assertThat(actual.getClass()).isEqualTo(CODEC.decode(CODEC.encode(expected)).getClass());
        switch (expected) {
            case Double d -> assertThat(Double.doubleToRawLongBits((Double) actual))
                    .isEqualTo(Double.doubleToRawLongBits(d));
            case Float f -> assertThat(Float.floatToRawIntBits((Float) actual)).isEqualTo(Float.floatToRawIntBits(f));
            case Object o when o.getClass().isArray() -> assertThat(actual).isEqualTo(expected);
            default -> assertThat(actual).isEqualTo(expected);
        }
    }

    /** Writers and readers at once, compact and codec slots mixed, commits on a short timer: every read is whole. */
    @Test
    void concurrentReadersSeeWholeValuesOfEveryKind() throws Exception {
        int threads = 4;
        int keys = 2_000;
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        try (DiskMap<Integer, Object> map = DiskMap.open(dir, DiskOptions.defaults().withCommitMillis(5))) {
            List<Thread> started = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int seed = t;
                started.add(Thread.ofPlatform().start(() -> {
                    try {
                        for (int round = 0; round < 5; round++) {
                            for (int k = seed; k < keys; k += threads) {
                                map.set(k, kindFor(k, round));
                            }
                            for (int k = 0; k < keys; k++) {
                                Object value = map.get(k);
                                if (value != null && !isSomeRoundOf(k, value)) {
                                    throw new AssertionError("key " + k + " holds " + value);
                                }
                            }
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }));
            }
            for (Thread thread : started) {
                thread.join();
            }
            assertThat(failures).isEmpty();
            for (int k = 0; k < keys; k++) {
                assertSameValue(map.get(k), kindFor(k, 4));
            }
        }
    }

    /** A value whose kind depends on the key and whose content names the round. */
    private static Object kindFor(int key, int round) {
        return switch (key % 4) {
            case 0 -> "round " + round;
            case 1 -> (long) round;
            case 2 -> new byte[] {(byte) round, (byte) round};
            default -> List.of("round", round);
        };
    }

    private static boolean isSomeRoundOf(int key, Object value) {
        for (int round = 0; round < 5; round++) {
            Object expected = kindFor(key, round);
            if (expected instanceof byte[] b ? value instanceof byte[] v && Arrays.equals(b, v)
                    : expected.equals(value)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void byteStringsAreNeverSharedWithTheCaller() {
        byte[] bytes = {1, 2, 3};
        try (DiskMap<String, byte[]> map = DiskMap.open(dir)) {
            map.put("k", bytes);
            bytes[0] = 99;
            assertThat(map.get("k")).containsExactly(1, 2, 3);
            map.get("k")[1] = 99;
            assertThat(map.get("k")).containsExactly(1, 2, 3);
        }
    }

    @Test
    void aFlippedByteInTheFileIsReportedAsCorruptionNotAWrongValue() throws Exception {
        String marker = "marker-of-the-only-value";
        try (DiskMap<String, String> map = DiskMap.open(dir)) {
            map.put("k", marker);
        }
        Path file = dir.resolve(DiskStore.FILE_NAME);
        byte[] bytes = Files.readAllBytes(file);
        byte[] needle = marker.getBytes(StandardCharsets.UTF_8);
        int flipped = 0;
        for (int i = 0; i + needle.length <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + needle.length, needle, 0, needle.length)) {
                bytes[i + 7] ^= 0x01;  // "marker-" + 'o' → 'n': still a well-formed string
                flipped++;
            }
        }
        assertThat(flipped).isPositive();
        Files.write(file, bytes);
        assertThatThrownBy(() -> {
            try (DiskMap<String, String> map = DiskMap.open(dir)) {
                map.get("k");
            }
        }).isInstanceOf(DiskCollectionException.class)
                .hasMessageContaining("is corrupt")
                .hasRootCauseInstanceOf(CorruptValueException.class);
        // The folder was released: another attempt is refused for the same reason, not as "already open".
        assertThatThrownBy(() -> {
            try (DiskMap<String, String> map = DiskMap.open(dir)) {
                map.get("k");
            }
        }).isInstanceOf(DiskCollectionException.class).isNotInstanceOf(DiskCollectionLockedException.class);
    }

    @Test
    void aStoreOfTheOldLayoutIsRefusedNotMisread() {
        try (MVStore store = new MVStore.Builder().fileName(dir.resolve(DiskStore.FILE_NAME).toString()).open()) {
            MVMap<String, String> meta = store.openMap("samos");
            meta.put("kind", "DiskMap");
            meta.put("layout", "1");
            store.<byte[], byte[]>openMap("entries").put(new byte[] {1}, new byte[] {2});
        }
        assertThatThrownBy(() -> DiskMap.open(dir))
                .isInstanceOf(DiskCollectionException.class)
                .hasMessageContaining("layout 1")
                .hasMessageContaining("refusing to misread it");
    }

    private static byte[] filled(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i * 31);
        }
        return bytes;
    }
}
