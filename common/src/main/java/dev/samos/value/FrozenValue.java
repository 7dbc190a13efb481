package dev.samos.value;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A value that nobody can change: what a portal keeps in memory and hands out. Lists, maps and sets are copied
 * once into unmodifiable ones (deeply), so a caller that tries to change a result it was given gets an
 * {@link UnsupportedOperationException} instead of changing what every later caller gets. Arrays ({@code byte[]},
 * {@code double[]}, …) cannot be made unmodifiable in Java, so each one handed out is a fresh copy; a value with no
 * array in it is handed out as it is, at no cost. Records and enums are immutable by shape and kept as they are.
 *
 * <p>Why freeze rather than copy on every hand-out: the hot cached call must stay a map look-up (about a
 * microsecond), and freezing costs once per stored result, not once per call.
 */
public final class FrozenValue {

    private final Object value;
    private final boolean hasArrays;
    private final long weight;

    private FrozenValue(Object value, boolean hasArrays) {
        this.value = value;
        this.hasArrays = hasArrays;
        this.weight = ValueSize.of(value);
    }

    /** A frozen deep copy of {@code value}. */
    public static FrozenValue of(Object value) {
        boolean[] arrays = {false};
        Object frozen = freeze(value, arrays, 0);
        return new FrozenValue(frozen, arrays[0]);
    }

    /** About how many bytes of heap the frozen value holds ({@link ValueSize}): what a cache of them weighs. */
    public long weight() {
        return weight;
    }

    /** The value to hand to a caller: the frozen value itself, or a copy of it where it holds arrays. */
    public Object handOut() {
        return hasArrays ? freeze(value, new boolean[1], 0) : value;
    }

    /** A deep unmodifiable copy of {@code value} (arrays copied): what a function is given as an argument. */
    public static Object copyOf(Object value) {
        return freeze(value, new boolean[1], 0);
    }

    private static Object freeze(Object value, boolean[] arrays, int depth) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean
                || value instanceof Record || value instanceof Enum<?>) {
            return value;
        }
        if (depth > Values.MAX_DEPTH) {
            throw NotAValueException.here("values nest deeper than " + Values.MAX_DEPTH + " levels");
        }
        if (value.getClass().isArray()) {
            arrays[0] = true;
            return switch (value) {
                case byte[] a -> a.clone();
                case int[] a -> a.clone();
                case long[] a -> a.clone();
                case double[] a -> a.clone();
                case float[] a -> a.clone();
                case short[] a -> a.clone();
                case char[] a -> a.clone();
                case boolean[] a -> a.clone();
                case Object[] a -> {
                    Object[] copy = new Object[a.length];
                    for (int i = 0; i < a.length; i++) {
                        copy[i] = freeze(a[i], arrays, depth + 1);
                    }
                    yield copy;
                }
                default -> value;
            };
        }
        return switch (value) {
            case List<?> list -> {
                List<Object> copy = new ArrayList<>(list.size());
                for (Object element : list) {
                    copy.add(freeze(element, arrays, depth + 1));
                }
                yield Collections.unmodifiableList(copy);
            }
            case Map<?, ?> map -> {
                Map<Object, Object> copy = new LinkedHashMap<>(map.size() * 2);
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    copy.put(freeze(entry.getKey(), arrays, depth + 1), freeze(entry.getValue(), arrays, depth + 1));
                }
                yield Collections.unmodifiableMap(copy);
            }
            case Set<?> set -> {
                Set<Object> copy = new LinkedHashSet<>(set.size() * 2);
                for (Object element : set) {
                    copy.add(freeze(element, arrays, depth + 1));
                }
                yield Collections.unmodifiableSet(copy);
            }
            default -> value;
        };
    }
}
