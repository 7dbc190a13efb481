package dev.samos.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samos.value.EnumValue;
import dev.samos.value.NotAValueException;
import dev.samos.value.RecordValue;
import java.math.BigInteger;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class CanonicalEncodingTest {

    record Point(long x, long y) {
    }

    record Owner(String name, Socket socket) {
    }

    record Line(List<Object> points) {
    }

    enum Color {
        RED, GREEN {
            @Override
            public String toString() {
                return "green, with a body";
            }
        }
    }

    private static String hex(Object value) {
        return HexFormat.of().formatHex(CanonicalEncoding.encode(value));
    }

    private static void sameAddress(Object a, Object b) {
        assertThat(ValueAddress.of(a)).isEqualTo(ValueAddress.of(b));
        assertThat(CanonicalEncoding.encode(a)).isEqualTo(CanonicalEncoding.encode(b));
    }

    private static void differentAddress(Object a, Object b) {
        assertThat(ValueAddress.of(a).hash()).isNotEqualTo(ValueAddress.of(b).hash());
    }

    @Test
    void oneIntegerKindWhateverTheJavaType() {
        sameAddress(3, 3L);
        sameAddress((short) 3, BigInteger.valueOf(3));
        sameAddress((byte) -7, -7L);
        sameAddress(Long.MAX_VALUE, BigInteger.valueOf(Long.MAX_VALUE));
        sameAddress(Long.MIN_VALUE, BigInteger.valueOf(Long.MIN_VALUE));
    }

    @Test
    void oneFloatKindWhateverTheJavaType() {
        sameAddress(0.5f, 0.5);
        sameAddress(0.1f, (double) 0.1f);
        differentAddress(0.1f, 0.1); // 0.1f widens to 0.100000001490116…, a different float64
    }

    @Test
    void mapOrderDoesNotMatter() {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("x", 1);
        a.put("y", List.of("a", 2.5));
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("y", Arrays.asList("a", 2.5));
        b.put("x", 1L);
        sameAddress(a, b);
        sameAddress(a, new TreeMap<>(a));
        sameAddress(a, new HashMap<>(b));
        sameAddress(Map.of("x", 3), Map.of("x", 3L));
    }

    @Test
    void listsArraysAndSetsOfAnyImplementation() {
        sameAddress(List.of(1, 2, 3), new Object[] {1L, 2L, 3L});
        sameAddress(new LinkedList<>(List.of("a")), new String[] {"a"});
        sameAddress(new boolean[] {true, false}, List.of(true, false));
        sameAddress(Set.of(3, 1, 2), new HashSet<>(List.of(2L, 3L, 1L)));
        sameAddress(Optional.of(List.of(1)), List.of(1));
        sameAddress(Optional.empty(), null);
    }

    @Test
    void differentValuesHaveDifferentAddresses() {
        differentAddress(1, 1.0);
        differentAddress(1, "1");
        differentAddress(1.0, "1");
        differentAddress(List.of(), Map.of());
        differentAddress(List.of(), Set.of());
        differentAddress(Map.of(), Set.of());
        differentAddress(true, 1);
        differentAddress("", new byte[0]);
        differentAddress(new byte[] {1, 2}, List.of(1, 2));
        differentAddress(new long[] {1, 2}, List.of(1, 2));
        differentAddress(new long[] {1, 2}, new int[] {1, 2});
        differentAddress(new double[] {1}, new float[] {1});
        differentAddress(List.of(1, 2), List.of(2, 1));
        differentAddress(List.of(List.of()), List.of());
    }

    @Test
    void nullValueIsNotAnAbsentKey() {
        Map<String, Object> withNull = new HashMap<>();
        withNull.put("a", null);
        differentAddress(withNull, Map.of());
        differentAddress(withNull, Map.of("a", List.of()));
        assertThat(hex(withNull)).isEqualTo("a16161f6");
    }

    @Test
    void negativeZeroIsItsOwnValueAndAllNaNsAreOne() {
        differentAddress(0.0, -0.0);
        assertThat(hex(-0.0)).isEqualTo("f98000");
        double otherNaN = Double.longBitsToDouble(0x7ff0000000000123L);
        assertThat(Double.isNaN(otherNaN)).isTrue();
        sameAddress(otherNaN, Double.NaN);
        sameAddress(Float.NaN, Double.NaN);
        sameAddress(new double[] {otherNaN, 1}, new double[] {Double.NaN, 1});
        sameAddress(new float[] {Float.intBitsToFloat(0x7f800001)}, new float[] {Float.NaN});
        differentAddress(new double[] {0.0}, new double[] {-0.0});
    }

    @Test
    void typedArraysAreLittleEndianRfc8746() {
        assertThat(hex(new double[] {1.0})).isEqualTo("d8564800000000" + "0000f03f");
        assertThat(hex(new float[] {1.0f})).isEqualTo("d855440000803f");
        assertThat(hex(new long[] {1, -1})).isEqualTo("d84f50" + "0100000000000000" + "ffffffffffffffff");
        assertThat(hex(new int[] {258})).isEqualTo("d84e4402010000");
        assertThat(hex(new short[] {-2})).isEqualTo("d84d42feff");
    }

    @Test
    void typedArraysLargerThanTheBufferStreamTheSameAsCollected() {
        double[] big = new double[300_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = i % 17 == 0 ? Double.NaN : i * 0.25;
        }
        byte[] collected = CanonicalEncoding.encode(big);
        assertThat(collected).hasSize(5 + 2 + 8 * big.length); // tag 86 (2 bytes) + byte string head (5 bytes)
        assertThat(ValueAddress.of(big).hash())
                .isEqualTo(HexFormat.of().formatHex(sha256(collected)));
    }

    @Test
    void largeByteStringsAndTextStreamTheSameAsCollected() {
        byte[] bytes = new byte[1 << 20];
        new java.util.Random(7).nextBytes(bytes);
        assertThat(ValueAddress.of(bytes).hash()).isEqualTo(HexFormat.of().formatHex(sha256(
                CanonicalEncoding.encode(bytes))));
        String text = "ü水\ud83d\ude00".repeat(50_000);
        assertThat(ValueAddress.of(text).hash()).isEqualTo(HexFormat.of().formatHex(sha256(
                CanonicalEncoding.encode(text))));
        assertThat(CanonicalEncoding.encode(text)).endsWith(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void recordsAreTypedObjectsWithNamedComponents() {
        // tag 27 [ "…$Point", {"x": 1, "y": 2} ]
        String type = Point.class.getName();
        assertThat(hex(new Point(1, 2))).isEqualTo("d81b82" + hex(type) + "a2617801617902");
        sameAddress(new Point(1, 2), new RecordValue(type, Map.of("y", 2, "x", 1)));
        differentAddress(new Point(1, 2), new RecordValue("other.Point", Map.of("y", 2, "x", 1)));
        differentAddress(new Point(1, 2), Map.of("x", 1, "y", 2));
        assertThat(ValueAddress.of(new Point(1, 2)).descriptor()).isEqualTo("record_Point");
    }

    @Test
    void enumsAreTypedObjectsWithTheConstantName() {
        String type = Color.class.getName();
        assertThat(hex(Color.RED)).isEqualTo("d81b82" + hex(type) + hex("RED"));
        sameAddress(Color.GREEN, new EnumValue(type, "GREEN")); // a constant with a body is still its enum's
        differentAddress(Color.RED, "RED");
        assertThat(ValueAddress.of(Color.GREEN).descriptor()).isEqualTo("enum_Color");
    }

    @Test
    void setsAreTag258WithSortedElements() {
        assertThat(hex(Set.of("b", "a", 10))).isEqualTo("d90102" + "83" + "0a" + "6161" + "6162");
    }

    @Test
    void twoKeysEqualAsValuesAreRejected() {
        Map<Object, Object> map = new HashMap<>();
        map.put(1, "int");
        map.put(1L, "long");
        assertThatThrownBy(() -> ValueAddress.of(map, "kwargs"))
                .isInstanceOf(NotAValueException.class)
                .hasMessageContaining("kwargs: two keys have the same canonical form");
        Set<Object> set = new HashSet<>(List.of(1, 1L));
        assertThatThrownBy(() -> ValueAddress.of(set)).hasMessageContaining("two elements have the same");
    }

    @Test
    void nonValuesAreNamedWithTheirPath() {
        Map<String, Object> kwargs = new LinkedHashMap<>();
        List<Object> points = new ArrayList<>(List.of(1, 2, 3));
        points.add(new Owner("ann", new Socket()));
        kwargs.put("points", points);
        assertThatThrownBy(() -> ValueAddress.of(kwargs, "kwargs"))
                .isInstanceOf(NotAValueException.class)
                .hasMessage("kwargs.points[3].socket: java.net.Socket is not a value")
                .satisfies(e -> assertThat(((NotAValueException) e).path()).isEqualTo("kwargs.points[3].socket"));
        assertThatThrownBy(() -> ValueAddress.of(Map.of("odd key", new Thread())))
                .hasMessage("value[\"odd key\"]: java.lang.Thread is not a value");
        assertThatThrownBy(() -> ValueAddress.of(List.of(new java.util.Date())))
                .hasMessage("value[0]: java.util.Date is not a value");
        assertThatThrownBy(() -> ValueAddress.of(new Object()))
                .hasMessage("value: java.lang.Object is not a value");
        assertThatThrownBy(() -> ValueAddress.of(new char[] {'a'})).hasMessageContaining("use a String");
        assertThatThrownBy(() -> ValueAddress.of(Map.of(new StringBuilder("k"), 1)))
                .hasMessage("value{key 0}: java.lang.StringBuilder is not a value");
    }

    @Test
    void unpairedSurrogatesAreNotText() {
        assertThatThrownBy(() -> ValueAddress.of(List.of("ok", "bad\ud800")))
                .hasMessage("value[1]: string has an unpaired surrogate at index 3 (not valid Unicode)");
    }

    @Test
    void cyclesAndDeepNestingAreRejectedNotOverflowed() {
        List<Object> cyclic = new ArrayList<>();
        cyclic.add(cyclic);
        assertThatThrownBy(() -> ValueAddress.of(cyclic))
                .isInstanceOf(NotAValueException.class)
                .hasMessageContaining("nested deeper than 256 levels");
        Object deep = 1;
        for (int i = 0; i < 256; i++) {
            deep = List.of(deep);
        }
        assertThat(ValueAddress.of(deep).descriptor()).isEqualTo("list_1");
        Object tooDeep = List.of(deep);
        assertThatThrownBy(() -> ValueAddress.of(tooDeep)).isInstanceOf(NotAValueException.class);
    }

    @Test
    void bigIntegersAtTheBoundaries() {
        BigInteger twoTo64 = BigInteger.ONE.shiftLeft(64);
        assertThat(hex(twoTo64.subtract(BigInteger.ONE))).isEqualTo("1bffffffffffffffff");
        assertThat(hex(twoTo64)).isEqualTo("c249010000000000000000");
        assertThat(hex(twoTo64.negate())).isEqualTo("3bffffffffffffffff");
        assertThat(hex(BigInteger.ONE.shiftLeft(63))).isEqualTo("1b8000000000000000");
        assertThat(hex(BigInteger.ONE.shiftLeft(63).negate())).isEqualTo("3b7fffffffffffffff");
        sameAddress(BigInteger.ONE.shiftLeft(63).negate(), Long.MIN_VALUE);
    }
}
