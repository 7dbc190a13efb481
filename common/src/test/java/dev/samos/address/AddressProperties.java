package dev.samos.address;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samos.value.RecordValue;
import dev.samos.value.ValueJson;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random values against the promise of addresses: equal logical values have one address whatever their Java
 * representation; the JSON form keeps the address; changing any leaf changes it.
 */
class AddressProperties {

    record Point(long x, long y) {
    }

    record Labeled(String label, Object payload) {
    }

    enum Suit { HEARTS, SPADES }

    @Property(tries = 300)
    void equalValuesInOtherJavaTypesShareTheAddress(@ForAll("values") Object value, @ForAll long seed) {
        Object twin = retype(value, new Random(seed));
        assertThat(ValueAddress.of(twin)).isEqualTo(ValueAddress.of(value));
    }

    @Property(tries = 300)
    void jsonRoundTripKeepsTheAddress(@ForAll("values") Object value) {
        Object back = ValueJson.read(ValueJson.write(value));
        assertThat(ValueAddress.of(back)).isEqualTo(ValueAddress.of(value));
    }

    @Property(tries = 300)
    void changingAnyLeafChangesTheAddress(@ForAll("values") Object value, @ForAll long seed) {
        Object changed = perturb(value, new Random(seed));
        assertThat(ValueAddress.of(changed).hash()).isNotEqualTo(ValueAddress.of(value).hash());
    }

    @Provide
    Arbitrary<Object> values() {
        return value(3);
    }

    private Arbitrary<Object> value(int depth) {
        Arbitrary<Object> scalars = Arbitraries.oneOf(
                Arbitraries.of(true, false).map(b -> (Object) b),
                Arbitraries.longs().map(l -> (Object) l),
                Arbitraries.integers().between(-30, 30).map(i -> (Object) (long) i),
                Arbitraries.bigIntegers().between(BigInteger.TWO.pow(130).negate(), BigInteger.TWO.pow(130))
                        .map(b -> (Object) b),
                Arbitraries.doubles().withSpecialValue(Double.NaN).withSpecialValue(-0.0)
                        .withSpecialValue(Double.POSITIVE_INFINITY).map(d -> (Object) d),
                Arbitraries.strings().withCharRange('\u0000', '\ud7ff').ofMaxLength(12).map(s -> (Object) s),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(8).map(b -> (Object) b),
                Arbitraries.doubles().array(double[].class).ofMaxSize(5).map(a -> (Object) a),
                Arbitraries.longs().array(long[].class).ofMaxSize(5).map(a -> (Object) a),
                Arbitraries.of(Suit.class).map(s -> (Object) s),
                Arbitraries.longs().tuple2().map(t -> (Object) new Point(t.get1(), t.get2())))
                .injectNull(0.05);
        if (depth == 0) {
            return scalars;
        }
        Arbitrary<Object> inner = value(depth - 1);
        Arbitrary<String> keys = Arbitraries.strings().alpha().ofMaxLength(4);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, scalars),
                net.jqwik.api.Tuple.of(1, inner.list().ofMaxSize(4).map(l -> (Object) l)),
                net.jqwik.api.Tuple.of(1, Arbitraries.maps(keys, inner).ofMaxSize(4).map(m -> (Object) m)),
                net.jqwik.api.Tuple.of(1, Arbitraries.maps(Arbitraries.longs().between(-5, 5).map(l -> (Object) l),
                        inner).ofMaxSize(3).map(m -> (Object) m)),
                net.jqwik.api.Tuple.of(1, Arbitraries.strings().alpha().ofMaxLength(3).set().ofMaxSize(4)
                        .map(s -> (Object) s)),
                net.jqwik.api.Tuple.of(1, Arbitraries.strings().alpha().ofMaxLength(5).flatMap(label ->
                        inner.map(payload -> (Object) new Labeled(label, payload)))));
    }

    /** The same logical value in other Java types: other integer widths, collections, map orders, generic records. */
    private static Object retype(Object value, Random random) {
        return switch (value) {
            case Long l when l == (int) (long) l && random.nextBoolean() -> (int) (long) l;
            case Long l when random.nextBoolean() -> BigInteger.valueOf(l);
            case Double d when (float) (double) d == d && !Double.isNaN(d) && random.nextBoolean() -> (float) (double) d;
            case Double d when Double.isNaN(d) -> Double.longBitsToDouble(0x7ff8000000000000L | random.nextInt(1000) + 1);
            case List<?> l -> {
                List<Object> copy = new ArrayList<>();
                for (Object e : l) {
                    copy.add(retype(e, random));
                }
                yield switch (random.nextInt(3)) {
                    case 0 -> copy.toArray();
                    case 1 -> new LinkedList<>(copy);
                    default -> Collections.unmodifiableList(copy);
                };
            }
            case Map<?, ?> m -> {
                List<Map.Entry<?, ?>> entries = new ArrayList<>(m.entrySet());
                Collections.shuffle(entries, random);
                Map<Object, Object> copy = random.nextBoolean() ? new HashMap<>() : new LinkedHashMap<>();
                for (Map.Entry<?, ?> e : entries) {
                    copy.put(retype(e.getKey(), random), retype(e.getValue(), random));
                }
                yield copy;
            }
            case Set<?> s -> random.nextBoolean() ? new HashSet<>(s) : new java.util.TreeSet<>(s);
            case Labeled r when random.nextBoolean() -> {
                Map<String, Object> fields = new HashMap<>();
                fields.put("payload", retype(r.payload(), random));
                fields.put("label", r.label());
                yield new RecordValue(Labeled.class.getName(), fields);
            }
            case Labeled r -> new Labeled(r.label(), retype(r.payload(), random));
            case null -> random.nextBoolean() ? Optional.empty() : null;
            default -> random.nextInt(4) == 0 ? Optional.of(value) : value;
        };
    }

    /** A different value: one leaf, chosen at random, changed; or one element added. */
    private static Object perturb(Object value, Random random) {
        return switch (value) {
            case null -> 0L;
            case Boolean b -> !b;
            case Long l -> l == Long.MAX_VALUE ? BigInteger.valueOf(l).add(BigInteger.ONE) : l + 1;
            case BigInteger b -> b.add(BigInteger.ONE);
            case Double d when Double.isNaN(d) -> 0.0;
            case Double d when d == 0.0 -> Double.doubleToRawLongBits(d) == 0 ? -0.0 : 0.0;
            case Double d when Double.isInfinite(d) -> -d;
            case Double d -> Math.nextUp(d);
            case String s -> s + "x";
            case byte[] b -> Arrays.copyOf(b, b.length + 1);
            case double[] a when a.length > 0 -> {
                double[] c = a.clone();
                c[random.nextInt(c.length)] = Double.isNaN(c[0]) ? 1.0 : (double) perturb(c[0], random);
                yield Arrays.equals(c, a) ? Arrays.copyOf(a, a.length + 1) : c;
            }
            case double[] a -> new double[] {0.0};
            case long[] a -> Arrays.copyOf(a, a.length + 1);
            case Suit s -> s == Suit.HEARTS ? Suit.SPADES : Suit.HEARTS;
            case Point p -> new Point(p.x(), p.y() + 1);
            case Labeled r -> random.nextBoolean() ? new Labeled(r.label() + "x", r.payload())
                    : new Labeled(r.label(), perturb(r.payload(), random));
            case List<?> l when !l.isEmpty() && random.nextBoolean() -> {
                List<Object> copy = new ArrayList<>(l);
                int i = random.nextInt(copy.size());
                copy.set(i, perturb(copy.get(i), random));
                yield copy;
            }
            case List<?> l -> {
                List<Object> copy = new ArrayList<>(l);
                copy.add(null);
                yield copy;
            }
            case Map<?, ?> m when !m.isEmpty() && random.nextBoolean() -> {
                Map<Object, Object> copy = new LinkedHashMap<>(m);
                Object key = new ArrayList<>(m.keySet()).get(random.nextInt(m.size()));
                copy.put(key, perturb(m.get(key), random));
                yield copy;
            }
            case Map<?, ?> m -> {
                Map<Object, Object> copy = new LinkedHashMap<>(m);
                copy.put(List.of("a key no generator makes"), 1L);
                yield copy;
            }
            case Set<?> s -> {
                Set<Object> copy = new HashSet<>(s);
                copy.add("a longer element than generated");
                yield copy;
            }
            default -> throw new IllegalStateException("no perturbation for " + value.getClass());
        };
    }

    // A fixed check beside the random ones: a sorted map and a hash map of the same entries.
    @Property(tries = 50)
    void treeMapAndHashMapAgree(@ForAll("values") Object value) {
        Map<String, Object> hash = new HashMap<>();
        hash.put("v", value);
        hash.put("w", 1L);
        assertThat(ValueAddress.of(new TreeMap<>(hash))).isEqualTo(ValueAddress.of(hash));
    }
}
