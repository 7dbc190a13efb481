package dev.samos.codec;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.serializers.DefaultSerializers.EnumSerializer;
import com.esotericsoftware.kryo.serializers.RecordSerializer;
import dev.samos.codec.TestValues.Color;
import dev.samos.codec.TestValues.Operation;
import dev.samos.codec.TestValues.Person;
import dev.samos.codec.TestValues.Point;
import dev.samos.codec.TestValues.Primitives;
import dev.samos.codec.TestValues.WithArray;
import dev.samos.codec.TestValues.Wrapper;
import dev.samos.value.EnumValue;
import dev.samos.value.RecordValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class StorageCodecRoundTripTest {

    private final StorageCodec codec = new StorageCodec();

    private Object roundTrip(Object value) {
        return codec.decode(codec.encode(value));
    }

    static Stream<Object> scalarsAndContainers() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("list", Arrays.asList(1, null, "x"));
        nested.put(null, Map.of("k", List.of()));
        Map<Object, Object> listKeys = new LinkedHashMap<>();
        listKeys.put(List.of(1, 2), "one-two");
        listKeys.put(List.of(), Set.of());
        listKeys.put(new Point(1, 2), Optional.of(List.of(new Point(3, 4))));
        return Stream.of(
                true, false,
                (byte) -7, (short) 300, 42, -1, Integer.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE,
                BigInteger.ZERO, BigInteger.ONE.shiftLeft(200).negate().add(BigInteger.valueOf(12345)),
                new BigInteger("123456789012345678901234567890123456789"),
                0.0f, -0.0f, Float.NaN, Float.MIN_VALUE, 1.5f,
                0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Math.PI,
                "", "hello", "ünïcødé — 日本語 — 😀 — \u0000 — \uD800 lone surrogate", "x".repeat(100_000),
                new ArrayList<>(), new ArrayList<>(Arrays.asList(1, "two", null, 3.0)),
                new LinkedHashMap<>(), new LinkedHashSet<>(),
                nested, listKeys,
                Optional.empty(), Optional.of("present"), Optional.of(Optional.of(List.of(1))),
                Color.GREEN, Operation.TIMES,
                new Point(3, -4), new Primitives(true, (byte) 1, (short) 2, 3, 4L, -0.0f, Double.NaN),
                new Person("Ada", List.of("math", "engines"), Map.of("born", 1815), Optional.of(new Point(0, 0)),
                        EnumSet.of(Color.RED, Color.BLUE), Operation.PLUS),
                new Person(null, List.of(), Map.of(), Optional.empty(), Set.of(), null),
                new Wrapper(new Point(1, 1), Color.BLUE, BigInteger.TEN.pow(40)),
                List.of(new Point(1, 2), new Point(3, 4), Color.RED, Operation.PLUS),
                new LinkedHashSet<>(List.of(new Point(1, 2), new Point(5, 6))),
                new RecordValue("com.example.Missing", Map.of("a", 1, "b", List.of("x"))),
                new EnumValue("com.example.MissingEnum", "CONSTANT"));
    }

    @ParameterizedTest
    @MethodSource("scalarsAndContainers")
    void roundTripsToAnEqualValue(Object value) {
        Object decoded = roundTrip(value);
        assertThat(decoded).isEqualTo(value);
        if (value != null) {
            assertThat(decoded).isInstanceOfAny(value.getClass(), List.class, Set.class, Map.class);
        }
    }

    @Test
    void roundTripsNull() {
        assertThat(roundTrip(null)).isNull();
    }

    @Test
    void keepsFloatingPointBitsExactly() {
        double oddNaN = Double.longBitsToDouble(0x7ff8_0000_dead_beefL);
        float oddFloatNaN = Float.intBitsToFloat(0x7fc0_1234);
        assertThat(Double.doubleToRawLongBits((Double) roundTrip(oddNaN))).isEqualTo(0x7ff8_0000_dead_beefL);
        assertThat(Float.floatToRawIntBits((Float) roundTrip(oddFloatNaN))).isEqualTo(0x7fc0_1234);
        assertThat(Double.doubleToRawLongBits((Double) roundTrip(-0.0))).isEqualTo(Double.doubleToRawLongBits(-0.0));
        double[] decoded = (double[]) roundTrip(new double[] {oddNaN, -0.0});
        assertThat(Double.doubleToRawLongBits(decoded[0])).isEqualTo(0x7ff8_0000_dead_beefL);
        assertThat(Double.doubleToRawLongBits(decoded[1])).isEqualTo(Double.doubleToRawLongBits(-0.0));
    }

    @Test
    void roundTripsPrimitiveArrays() {
        assertThat((byte[]) roundTrip(new byte[] {1, -2, 127, -128})).containsExactly(1, -2, 127, -128);
        assertThat((byte[]) roundTrip(new byte[0])).isEmpty();
        assertThat((boolean[]) roundTrip(new boolean[] {true, false, true})).containsExactly(true, false, true);
        assertThat((short[]) roundTrip(new short[] {1, -1, Short.MAX_VALUE})).containsExactly(1, -1, Short.MAX_VALUE);
        assertThat((int[]) roundTrip(new int[] {0, Integer.MIN_VALUE, 5})).containsExactly(0, Integer.MIN_VALUE, 5);
        assertThat((long[]) roundTrip(new long[] {Long.MIN_VALUE, 7})).containsExactly(Long.MIN_VALUE, 7);
        assertThat((float[]) roundTrip(new float[] {1.5f, Float.NaN, -0.0f})).isEqualTo(new float[] {1.5f, Float.NaN, -0.0f});
        assertThat((double[]) roundTrip(new double[] {Double.NaN, -0.0, 1e300})).isEqualTo(new double[] {Double.NaN, -0.0, 1e300});
        assertThat((double[]) roundTrip(new double[0])).isEmpty();
        // Larger than the first allocation stage, so the staged growth path is exercised too.
        int[] big = IntStream.range(0, 3_000_000).map(i -> i * 31).toArray();
        assertThat((int[]) roundTrip(big)).isEqualTo(big);
        byte[] bigBytes = new byte[5 << 20];
        new java.util.Random(1).nextBytes(bigBytes);
        assertThat((byte[]) roundTrip(bigBytes)).isEqualTo(bigBytes);
    }

    @Test
    void roundTripsObjectArrays() {
        Object[] objects = {1, "two", null, List.of(3), new Point(4, 5), new int[] {6}};
        Object[] decodedObjects = (Object[]) roundTrip(objects);
        assertThat(decodedObjects).hasSize(6);
        assertThat(Arrays.copyOf(decodedObjects, 5)).containsExactly(1, "two", null, List.of(3), new Point(4, 5));
        assertThat((int[]) decodedObjects[5]).containsExactly(6);

        assertThat(roundTrip(new String[] {"a", null, "ç"})).isInstanceOf(String[].class).isEqualTo(new String[] {"a", null, "ç"});
        assertThat(roundTrip(new Long[] {1L, null, -3L})).isInstanceOf(Long[].class).isEqualTo(new Long[] {1L, null, -3L});
        assertThat(roundTrip(new BigInteger[] {BigInteger.TWO})).isInstanceOf(BigInteger[].class);
        assertThat(roundTrip(new Point[] {new Point(1, 2), null})).isInstanceOf(Point[].class)
                .isEqualTo(new Point[] {new Point(1, 2), null});
        assertThat(roundTrip(new Color[] {Color.RED})).isInstanceOf(Color[].class).isEqualTo(new Color[] {Color.RED});
        assertThat(roundTrip(new Operation[] {Operation.PLUS, Operation.TIMES})).isInstanceOf(Operation[].class)
                .isEqualTo(new Operation[] {Operation.PLUS, Operation.TIMES});
        double[][] matrix = {{1, 2}, {3}, {}};
        assertThat(roundTrip(matrix)).isInstanceOf(double[][].class).isEqualTo(matrix);
        Point[][] points = {{new Point(1, 1)}, {}};
        assertThat(roundTrip(points)).isInstanceOf(Point[][].class).isEqualTo(points);
        assertThat(roundTrip(new Object[0])).isEqualTo(new Object[0]);
    }

    @Test
    void roundTripsRecordsHoldingArrays() {
        WithArray decoded = (WithArray) roundTrip(new WithArray("s", new double[] {1, 2, Double.NaN}));
        assertThat(decoded.label()).isEqualTo("s");
        assertThat(decoded.samples()).isEqualTo(new double[] {1, 2, Double.NaN});
    }

    @Test
    void enumConstantsWithBodiesAreTheSameConstants() {
        assertThat(roundTrip(Operation.PLUS)).isSameAs(Operation.PLUS);
        assertThat(roundTrip(List.of(Operation.TIMES, Color.BLUE))).isEqualTo(List.of(Operation.TIMES, Color.BLUE));
        assertThat(roundTrip(Map.of(Operation.TIMES, Operation.PLUS))).isEqualTo(Map.of(Operation.TIMES, Operation.PLUS));
    }

    @Test
    void anyListSetOrMapImplementationReadsBackAsTheCanonicalMutableOne() {
        List<Object> lists = List.of(List.of(1, 2), List.of(), Arrays.asList(1, 2), Collections.unmodifiableList(
                new ArrayList<>(List.of(1, 2))), new LinkedList<>(List.of(1, 2)), Collections.singletonList(1),
                Collections.emptyList(), List.of(1, 2).subList(0, 1), Stream.of(1, 2).toList());
        for (Object list : lists) {
            assertThat(roundTrip(list)).isInstanceOf(ArrayList.class).isEqualTo(list);
        }
        List<Object> sets = List.of(Set.of(1, 2, 3), Set.of(), new TreeSet<>(Set.of(3, 1, 2)),
                Collections.unmodifiableSet(new LinkedHashSet<>(List.of(1))), EnumSet.allOf(Color.class),
                Collections.singleton("x"), new HashMap<>(Map.of(1, 2)).keySet());
        for (Object set : sets) {
            assertThat(roundTrip(set)).isInstanceOf(LinkedHashSet.class).isEqualTo(set);
        }
        List<Object> maps = List.of(Map.of("a", 1, "b", 2), Map.of(), new TreeMap<>(Map.of("b", 1, "a", 2)),
                Collections.unmodifiableMap(new HashMap<>(Map.of(1, List.of(2)))), Collections.singletonMap("k", "v"),
                Collections.emptyMap(), Map.copyOf(Map.of(List.of(1), Set.of(2))));
        for (Object map : maps) {
            assertThat(roundTrip(map)).isInstanceOf(LinkedHashMap.class).isEqualTo(map);
        }
    }

    @Test
    void keepsIterationOrder() {
        TreeMap<String, Integer> sorted = new TreeMap<>(Map.of("c", 3, "a", 1, "b", 2));
        @SuppressWarnings("unchecked")
        Map<String, Integer> decoded = (Map<String, Integer>) roundTrip(sorted);
        assertThat(decoded.keySet()).containsExactly("a", "b", "c");
        @SuppressWarnings("unchecked")
        Set<Integer> decodedSet = (Set<Integer>) roundTrip(new TreeSet<>(Set.of(9, 1, 5)));
        assertThat(decodedSet).containsExactly(1, 5, 9);
    }

    @Test
    void deeplyNestedButReasonableValuesRoundTrip() {
        Object value = "leaf";
        for (int i = 0; i < 200; i++) {
            value = i % 2 == 0 ? List.of(value, i) : Map.of("k" + i, Optional.of(value));
        }
        assertThat(roundTrip(value)).isEqualTo(value);
    }

    @Test
    void writeAndReadStreamManyValuesBackToBack() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Object> values = List.of(1, "two", List.of(new Point(3, 3)), Map.of(Color.RED, 4), Operation.PLUS);
        for (Object value : values) {
            codec.write(value, out);
        }
        ByteArrayInputStream in = new ByteArrayInputStream(out.toByteArray());
        for (Object value : values) {
            assertThat(codec.read(in)).isEqualTo(value);
        }
        assertThat(in.available()).isZero();
    }

    @Test
    void isSafeToShareBetweenThreads() throws Exception {
        List<Object> values = scalarsAndContainers().toList();
        try (var executor = java.util.concurrent.Executors.newFixedThreadPool(4)) {
            List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                futures.add(executor.submit(() -> {
                    for (int round = 0; round < 20; round++) {
                        for (Object value : values) {
                            assertThat(roundTrip(value)).isEqualTo(value);
                        }
                    }
                }));
            }
            for (var future : futures) {
                future.get();
            }
        }
    }

    @Test
    void explicitClassLoaderIsUsedForRecordsAndEnums() {
        StorageCodec withLoader = new StorageCodec(getClass().getClassLoader());
        assertThat(withLoader.decode(codec.encode(new Point(1, 2)))).isEqualTo(new Point(1, 2));
    }

    @Test
    void recordsAndEnumsAreSelfDescribedUnderOneRegistrationEach() {
        Kryo kryo = ValueKryo.create(new ClassLoader[] {getClass().getClassLoader()});
        assertThat(kryo.getRegistration(Point.class)).isSameAs(kryo.getRegistration(RecordValue.class));
        assertThat(kryo.getRegistration(Color.class))
                .isSameAs(kryo.getRegistration(dev.samos.value.EnumValue.class));
        assertThat(kryo.getRegistration(Operation.PLUS.getClass())).isSameAs(kryo.getRegistration(Operation.class));
    }

    @Test
    void aJvmWithoutTheClassReadsRecordsAndEnumsAsStandInsWithTheSameAddress() {
        Object value = List.of(new Point(1, 2), Color.RED, Map.of("p", new Point(-3, 4)));
        byte[] bytes = codec.encode(value);
        // A codec that sees only the JDK and Samos: what portal-service is for a user's classes.
        StorageCodec elsewhere = new StorageCodec(ClassLoader.getPlatformClassLoader());
        Object standIn = elsewhere.decode(bytes);
        assertThat(standIn).isInstanceOf(List.class);
        List<?> parts = (List<?>) standIn;
        assertThat(parts.get(0)).isEqualTo(new RecordValue(Point.class.getName(), Map.of("x", 1, "y", 2)));
        assertThat(parts.get(1)).isEqualTo(new dev.samos.value.EnumValue(Color.class.getName(), "RED"));
        assertThat(dev.samos.address.ValueAddress.of(standIn)).isEqualTo(dev.samos.address.ValueAddress.of(value));
        // Written again by that JVM and read where the classes are: the real instances come back.
        assertThat(codec.decode(elsewhere.encode(standIn))).isEqualTo(value);
    }

    @Test
    void namesOnlyTheDeclaringEnumForConstantsWithBodies() {
        // The stored payload is compressed, so look at the Kryo bytes before framing.
        com.esotericsoftware.kryo.io.Output output = new com.esotericsoftware.kryo.io.Output(256, -1);
        Kryo kryo = ValueKryo.create(new ClassLoader[] {getClass().getClassLoader()});
        kryo.writeClassAndObject(output, List.of(Operation.PLUS, Operation.TIMES));
        String payload = new String(output.toBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(payload).contains(Operation.class.getName()).doesNotContain(Operation.class.getName() + "$");
    }
}
