package dev.samos.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samos.address.ValueAddress;
import dev.samos.codec.CorruptValueException;
import dev.samos.codec.StorageCodec;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every {@link ValueStore} does, whatever holds its bytes: a folder, S3, a service over HTTP. An implementation's
 * test extends this class and provides a fresh empty store and a way to change the bytes of a stored entry behind the
 * store's back (as a failing disk, a bad copy or an operator would); the contract damages entries through that one
 * hook and checks that the store notices.
 *
 * <p>Values are compared by their Java form, not only by address: a store hands back what was first stored (an
 * {@code Integer} stays an {@code Integer}, {@code -0.0} stays {@code -0.0}), because the storage codec keeps it.
 */
public abstract class ValueStoreContract {

    private static final StorageCodec CODEC = new StorageCodec();

    /** A fresh store holding nothing; the contract closes it after the test. */
    protected abstract ValueStore newStore();

    /**
     * Replaces the stored bytes of the entry at {@code address} (its storage-codec bytes) with {@code change} applied
     * to them, without going through {@code store}: whatever the store cached stays as it was.
     */
    protected abstract void rewriteStored(ValueStore store, ValueAddress address, UnaryOperator<byte[]> change);

    /** How many threads hammer one store in the concurrency tests. */
    protected int threads() {
        return 8;
    }

    protected ValueStore store;

    @BeforeEach
    void openStore() {
        store = newStore();
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    // ---- values of every kind ---------------------------------------------------------------------------------------

    public record Point(int x, int y) {
    }

    public record Reading(String sensor, double[] samples, Optional<Point> where, Map<String, Object> tags) {
    }

    public enum Colour { RED, GREEN }

    static Stream<Arguments> everyKind() {
        Map<Object, Object> anyKeys = new LinkedHashMap<>();
        anyKeys.put(List.of(1, 2), "a list as key");
        anyKeys.put(new Point(1, 2), Set.of(Colour.GREEN));
        anyKeys.put(null, 7);
        List<Object> withNull = new ArrayList<>(Arrays.asList(1, null, "x"));
        return Stream.of(
                kind("null", null),
                kind("true", true),
                kind("false", false),
                kind("int", 42),
                kind("long", Long.MIN_VALUE),
                kind("big integer", BigInteger.ONE.shiftLeft(300).negate().add(BigInteger.TEN)),
                kind("double", Math.PI),
                kind("NaN", Double.NaN),
                kind("negative zero", -0.0),
                kind("infinity", Double.NEGATIVE_INFINITY),
                kind("empty string", ""),
                kind("unicode string", "ünïcødé — 日本語 — 😀"),
                kind("bytes", new byte[] {0, 1, -1, 127, -128}),
                kind("empty bytes", new byte[0]),
                kind("list with null", withNull),
                kind("nested lists and maps", Map.of("a", List.of(List.of(1, 2), Map.of("b", List.of())))),
                kind("map with any keys", anyKeys),
                kind("set", new LinkedHashSet<>(List.of("x", "y", "z"))),
                kind("double[]", new double[] {1.5, Double.NaN, -0.0, Double.MAX_VALUE}),
                kind("float[]", new float[] {0.5f, Float.MIN_VALUE}),
                kind("long[]", new long[] {Long.MAX_VALUE, -1}),
                kind("int[]", new int[] {258, Integer.MIN_VALUE}),
                kind("short[]", new short[] {-2, 3}),
                kind("enum", Colour.RED),
                kind("record", new Point(3, -4)),
                kind("record with array, optional and map",
                        new Reading("t1", new double[] {20.5, 21.0}, Optional.of(new Point(0, 0)),
                                Map.of("unit", "C", "limits", List.of(-40, 85)))),
                kind("list of records", List.of(new Point(1, 2), new Point(3, 4))));
    }

    private static Arguments kind(String name, Object value) {
        return Arguments.of(Named.of(name, value));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyKind")
    void aValueOfEveryKindRoundTrips(Object value) {
        ValueAddress address = store.put(value);

        assertThat(address).isEqualTo(ValueAddress.of(value));
        assertThat(store.has(address)).isTrue();
        assertSameValue(store.get(address).orElseThrow().value(), value);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyKind")
    void aValueOfEveryKindRoundTripsThroughTheBatchForms(Object value) {
        ValueAddress address = ValueAddress.of(value);
        Map<ValueAddress, Object> batch = new LinkedHashMap<>(); // Map.of refuses null, a value like any other
        batch.put(address, value);
        store.putAll(batch);

        assertThat(store.missing(List.of(address))).isEmpty();
        assertSameValue(store.getAll(List.of(address)).get(address).value(), value);
    }

    // ---- idempotence, absence ------------------------------------------------------------------------------------

    @Test
    void puttingAValueTwiceStoresItOnceAndKeepsTheFirstForm() {
        List<Integer> first = List.of(1, 2, 3);
        List<Long> sameValue = List.of(1L, 2L, 3L);
        ValueAddress address = store.put(first);

        assertThat(store.put(sameValue)).isEqualTo(address);
        store.put(address, sameValue);
        store.putAll(Map.of(address, sameValue));

        assertThat(store.size()).isEqualTo(new ValueStore.StoreSize(1, encodedLength(first)));
        assertThat(store.get(address).orElseThrow().value()).isEqualTo(first); // List.of(1L, ...) is not equal
    }

    @Test
    void anUnknownAddressIsAbsentEverywhere() {
        store.put("something else");
        ValueAddress unknown = ValueAddress.of("never stored");

        assertThat(store.has(unknown)).isFalse();
        assertThat(store.get(unknown)).isEmpty();
        assertThat(store.missing(List.of(unknown))).containsExactly(unknown);
        assertThat(store.getAll(List.of(unknown))).isEmpty();
    }

    @Test
    void anAddressWithAnotherDescriptorIsAbsent() {
        ValueAddress stored = store.put("abc");
        ValueAddress sameHashOtherDescriptor = new ValueAddress("str_4", stored.hash());

        assertThat(store.has(sameHashOtherDescriptor)).isFalse();
        assertThat(store.get(sameHashOtherDescriptor)).isEmpty();
    }

    // ---- batch forms ----------------------------------------------------------------------------------------------

    @Test
    void theBatchFormsKeepTheOrderAskedAndLeaveOutWhatIsAbsent() {
        Map<ValueAddress, Object> stored = new LinkedHashMap<>();
        for (int i = 0; i < 60; i++) {
            Object value = List.of("batch", i);
            stored.put(ValueAddress.of(value), value);
        }
        store.putAll(stored);
        List<ValueAddress> absent = IntStream.range(0, 20)
                .mapToObj(i -> ValueAddress.of(List.of("absent", i))).toList();
        List<ValueAddress> asked = new ArrayList<>();
        List<ValueAddress> storedAddresses = new ArrayList<>(stored.keySet());
        for (int i = 0; i < 20; i++) {
            // Interleaved and reversed: an implementation that answers in completion or storage order shows it.
            asked.add(storedAddresses.get(59 - i * 3));
            asked.add(absent.get(i));
        }

        assertThat(store.missing(asked)).containsExactlyElementsOf(absent);
        Map<ValueAddress, StoredValue> found = store.getAll(asked);
        List<ValueAddress> expectedOrder = asked.stream().filter(stored::containsKey).toList();
        assertThat(new ArrayList<>(found.keySet())).isEqualTo(expectedOrder);
        found.forEach((address, value) -> assertThat(value.value()).isEqualTo(stored.get(address)));
        assertThat(store.size().values()).isEqualTo(60);
    }

    @Test
    void emptyBatchesAskNothing() {
        store.putAll(Map.of());

        assertThat(store.missing(List.of())).isEmpty();
        assertThat(store.getAll(List.of())).isEmpty();
        assertThat(store.size()).isEqualTo(new ValueStore.StoreSize(0, 0));
    }

    // ---- damage ---------------------------------------------------------------------------------------------------

    static Stream<Arguments> damages() {
        return Stream.of(
                Arguments.of(Named.<UnaryOperator<byte[]>>of("one bit flipped in the middle", bytes -> {
                    byte[] changed = bytes.clone();
                    changed[changed.length / 2] ^= 0x08;
                    return changed;
                })),
                Arguments.of(Named.<UnaryOperator<byte[]>>of("cut in half",
                        bytes -> Arrays.copyOf(bytes, bytes.length / 2))),
                Arguments.of(Named.<UnaryOperator<byte[]>>of("emptied", bytes -> new byte[0])),
                Arguments.of(Named.<UnaryOperator<byte[]>>of("not a stored value at all",
                        bytes -> "<Error>SlowDown</Error>".getBytes(java.nio.charset.StandardCharsets.UTF_8))),
                Arguments.of(Named.<UnaryOperator<byte[]>>of("bytes appended", bytes -> {
                    byte[] longer = Arrays.copyOf(bytes, bytes.length + 3);
                    longer[bytes.length] = 1;
                    return longer;
                })));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("damages")
    void aDamagedEntryIsReportedByAddressForgottenAndCanBeStoredAgain(UnaryOperator<byte[]> damage) {
        byte[] payload = randomBytes(200_000, 1);
        ValueAddress address = store.put(payload);
        ValueAddress bystander = store.put("unharmed");
        ValueStore.StoreSize before = store.size();
        assertThat(store.has(address)).isTrue(); // a store that caches the answer must still notice on read

        rewriteStored(store, address, damage);

        assertThatThrownBy(() -> store.get(address))
                .isInstanceOf(CorruptValueException.class)
                .hasMessageContaining(address.toString());
        assertThat(store.has(address)).isFalse();
        assertThat(store.get(address)).isEmpty();
        assertThat(store.missing(List.of(bystander, address))).containsExactly(address);
        // Values only: which byte count leaves with a damaged entry (recorded or found) is the store's to say.
        assertThat(store.size().values()).isEqualTo(1);

        store.put(payload);

        assertThat((byte[]) store.get(address).orElseThrow().value()).isEqualTo(payload);
        assertThat(store.size().values()).isEqualTo(before.values());
        assertThat(store.get(bystander).orElseThrow().value()).isEqualTo("unharmed");
    }

    @Test
    void anEntryHoldingAnotherValueIsRefusedAndForgotten() {
        ValueAddress one = store.put("one");
        ValueAddress two = store.put("two");

        rewriteStored(store, one, bytes -> CODEC.encode("two"));

        assertThatThrownBy(() -> store.get(one))
                .isInstanceOf(CorruptValueException.class)
                .hasMessageContaining(one.toString());
        assertThat(store.has(one)).isFalse();
        assertThat(store.get(two).orElseThrow().value()).isEqualTo("two");
    }

    @Test
    void aValuePutUnderAnotherValuesAddressIsNeverHandedBack() {
        ValueAddress addressOfOne = ValueAddress.of("one");

        store.put(addressOfOne, "two");

        assertThatThrownBy(() -> store.get(addressOfOne))
                .isInstanceOf(CorruptValueException.class)
                .hasMessageContaining(addressOfOne.toString());
        assertThat(store.has(addressOfOne)).isFalse();
        store.put("one");
        assertThat(store.get(addressOfOne).orElseThrow().value()).isEqualTo("one");
    }

    @Test
    void aBatchReadReportsADamagedEntryAndLeavesTheOthersReadable() {
        ValueAddress good = store.put("good");
        ValueAddress damaged = store.put(randomBytes(10_000, 2));
        ValueAddress alsoGood = store.put(List.of("also", "good"));
        rewriteStored(store, damaged, bytes -> Arrays.copyOf(bytes, bytes.length - 1));

        assertThatThrownBy(() -> store.getAll(List.of(good, damaged, alsoGood)))
                .isInstanceOf(CorruptValueException.class)
                .hasMessageContaining(damaged.toString());
        assertThat(store.missing(List.of(good, damaged, alsoGood))).containsExactly(damaged);
        assertThat(store.getAll(List.of(good, damaged, alsoGood))).containsOnlyKeys(good, alsoGood);
    }

    // ---- size, concurrency ----------------------------------------------------------------------------------------

    @Test
    void largeValuesRoundTrip() {
        byte[] noise = randomBytes(6 * 1024 * 1024, 3);
        double[] samples = new double[1_000_000];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = Math.sqrt(i);
        }

        ValueAddress noiseAddress = store.put(noise);
        ValueAddress samplesAddress = store.put(samples);

        assertThat((byte[]) store.get(noiseAddress).orElseThrow().value()).isEqualTo(noise);
        assertThat((double[]) store.get(samplesAddress).orElseThrow().value()).isEqualTo(samples);
        assertThat(store.size().bytes()).isEqualTo(encodedLength(noise) + encodedLength(samples));
    }

    @Test
    void sizeCountsValuesAndTheirStoredBytes() {
        assertThat(store.size()).isEqualTo(new ValueStore.StoreSize(0, 0));
        List<Object> values = List.of("a", List.of(1, 2, 3), randomBytes(70_000, 4));

        values.forEach(store::put);
        store.put("a");

        long bytes = values.stream().mapToLong(ValueStoreContract::encodedLength).sum();
        assertThat(store.size()).isEqualTo(new ValueStore.StoreSize(3, bytes));
    }

    @Test
    void threadsPuttingTheSameValueAtOnceStoreItOnce() throws Exception {
        byte[] payload = randomBytes(300_000, 5);
        List<ValueAddress> addresses = onThreads(() -> store.put(payload.clone()));

        assertThat(addresses).containsOnly(ValueAddress.of(payload));
        assertThat(store.size()).isEqualTo(new ValueStore.StoreSize(1, encodedLength(payload)));
        assertThat((byte[]) store.get(addresses.getFirst()).orElseThrow().value()).isEqualTo(payload);
    }

    @Test
    void threadsPuttingOverlappingBatchesAtOnceStoreEachValueOnce() throws Exception {
        Map<ValueAddress, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < 40; i++) {
            values.put(ValueAddress.of(List.of("shared", i)), List.of("shared", i));
        }
        onThreads(() -> {
            store.putAll(values);
            return null;
        });

        assertThat(store.size().values()).isEqualTo(40);
        assertThat(store.missing(values.keySet())).isEmpty();
        assertThat(store.getAll(List.copyOf(values.keySet())).values()).extracting(StoredValue::value)
                .containsExactlyElementsOf(values.values());
    }

    @Test
    void aStoreNamesWhereItIs() {
        assertThat(store.location()).isNotBlank();
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    /** Runs {@code task} on {@link #threads()} threads released together; their answers in thread order. */
    private <T> List<T> onThreads(Callable<T> task) throws Exception {
        int n = threads();
        CyclicBarrier start = new CyclicBarrier(n);
        try (ExecutorService pool = Executors.newFixedThreadPool(n)) {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            List<T> answers = new ArrayList<>();
            for (Future<T> future : futures) {
                answers.add(future.get());
            }
            return answers;
        }
    }

    protected static long encodedLength(Object value) {
        return CODEC.encode(value).length;
    }

    protected static byte[] randomBytes(int n, long seed) {
        byte[] bytes = new byte[n];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /**
     * Same contents and, below containers, same Java types: records and arrays compared field by field, an
     * {@code Integer} never equal to a {@code Long}, NaN equal to NaN and -0.0 not equal to 0.0 (Double.equals).
     * Containers come back as the codec's own lists, maps and sets, so only their kind is checked.
     */
    private static void assertSameValue(Object actual, Object expected) {
        if (expected == null) {
            assertThat(actual).isNull();
            return;
        }
        assertThat(ValueAddress.of(actual)).isEqualTo(ValueAddress.of(expected));
        switch (expected) {
            case List<?> list -> assertThat(actual).isInstanceOf(List.class);
            case Set<?> set -> assertThat(actual).isInstanceOf(Set.class);
            case Map<?, ?> map -> assertThat(actual).isInstanceOf(Map.class);
            default -> assertThat(actual).hasSameClassAs(expected);
        }
        if (expected.getClass().isArray()) {
            assertThat(actual).isEqualTo(expected); // AssertJ compares arrays element by element
        } else {
            assertThat(actual).usingRecursiveComparison()
                    .withEqualsForType(Double::equals, Double.class)
                    .withEqualsForType(Float::equals, Float.class)
                    .isEqualTo(expected);
        }
    }
}
