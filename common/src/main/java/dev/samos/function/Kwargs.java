package dev.samos.function;

import dev.samos.value.RecordBinder;
import dev.samos.value.Values;
import java.math.BigInteger;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The named arguments of a call: an immutable map from name to value, sorted by name. Typed getters name the
 * argument when it is missing or of another kind, so a function fails with {@code argument 'n': missing} rather than
 * a NullPointerException.
 */
public final class Kwargs {

    private static final Kwargs EMPTY = new Kwargs(new TreeMap<>());

    /** A value that does not fit, seen from a call: the argument's fault. */
    private static final RecordBinder.Mismatch MISMATCH = ArgumentException::new;

    private final TreeMap<String, Object> values;

    private Kwargs(TreeMap<String, Object> values) {
        this.values = values;
    }

    public static Kwargs of() {
        return EMPTY;
    }

    /** Kwargs from alternating names and values: {@code Kwargs.of("n", 5, "x", 2.5)}. */
    public static Kwargs of(Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("Kwargs.of takes name, value pairs; got an odd number of arguments");
        }
        TreeMap<String, Object> map = new TreeMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (!(namesAndValues[i] instanceof String name)) {
                throw new IllegalArgumentException("argument name at position " + i + " is not a String: "
                        + namesAndValues[i]);
            }
            if (map.containsKey(name)) {
                throw new ArgumentException(name, "given twice");
            }
            map.put(checkedName(name), namesAndValues[i + 1]);
        }
        return new Kwargs(map);
    }

    public static Kwargs of(Map<String, ?> map) {
        TreeMap<String, Object> copy = new TreeMap<>();
        map.forEach((name, value) -> copy.put(checkedName(name), value));
        return new Kwargs(copy);
    }

    /** The components of {@code arguments} as kwargs: the caller's side of a {@link TypedFunction}. */
    public static Kwargs from(Record arguments) {
        TreeMap<String, Object> map = new TreeMap<>();
        map.putAll(dev.samos.value.Values.recordFields(arguments));
        return new Kwargs(map);
    }

    /**
     * These kwargs bound to the components of record {@code type}, by name: every component must be given, no
     * other argument may be, and each value must fit its component's type (integers narrow only when they fit).
     */
    public <A extends Record> A bind(Class<A> type) {
        return RecordBinder.bind(values, type, MISMATCH);
    }

    private static String checkedName(String name) {
        Objects.requireNonNull(name, "argument name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("an argument name cannot be empty");
        }
        return name;
    }

    /** These kwargs and {@code other}'s; a name in both is an error (an argument cannot be given twice). */
    public Kwargs merge(Kwargs other) {
        if (other.values.isEmpty()) {
            return this;
        }
        TreeMap<String, Object> merged = new TreeMap<>(values);
        for (Map.Entry<String, Object> e : other.values.entrySet()) {
            if (merged.containsKey(e.getKey())) {
                throw new ArgumentException(e.getKey(), "given twice (it is already fixed or passed)");
            }
            merged.put(e.getKey(), e.getValue());
        }
        return new Kwargs(merged);
    }

    /** These kwargs without the names {@code other} has (e.g. a function's fixed kwargs taken back out). */
    public Kwargs without(Kwargs other) {
        if (other.values.isEmpty()) {
            return this;
        }
        TreeMap<String, Object> rest = new TreeMap<>(values);
        rest.keySet().removeAll(other.values.keySet());
        return new Kwargs(rest);
    }

    public Set<String> names() {
        return Collections.unmodifiableSet(values.keySet());
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public int size() {
        return values.size();
    }

    /** The arguments as an unmodifiable map sorted by name. */
    public Map<String, Object> asMap() {
        return Collections.unmodifiableMap(values);
    }

    /** The argument's value (null is a value); missing is an error. */
    public Object get(String name) {
        if (!values.containsKey(name)) {
            throw new ArgumentException(name, "missing (given: " + values.keySet() + ")");
        }
        return Values.unwrap(values.get(name));
    }

    public <T> T get(String name, Class<T> type) {
        Object value = get(name);
        if (!type.isInstance(value)) {
            throw new ArgumentException(name, "expected " + type.getSimpleName() + ", got "
                    + RecordBinder.describe(value));
        }
        return type.cast(value);
    }

    /** An integer argument that fits in a long (any integer type; not a float). */
    public long getLong(String name) {
        return (Long) RecordBinder.convert(name, get(name), long.class, MISMATCH);
    }

    public int getInt(String name) {
        return (Integer) RecordBinder.convert(name, get(name), int.class, MISMATCH);
    }

    public BigInteger getBigInteger(String name) {
        Object value = get(name);
        if (value instanceof BigInteger big) {
            return big;
        }
        return BigInteger.valueOf(getLong(name));
    }

    /** A float argument; an integer argument is accepted and converted (as Python would). */
    public double getDouble(String name) {
        return (Double) RecordBinder.convert(name, get(name), double.class, MISMATCH);
    }

    public String getString(String name) {
        return get(name, String.class);
    }

    public boolean getBoolean(String name) {
        return get(name, Boolean.class);
    }

    public List<?> getList(String name) {
        return get(name, List.class);
    }

    public Map<?, ?> getMap(String name) {
        return get(name, Map.class);
    }

    /** A pure function passed as an argument. */
    public Pure getFunction(String name) {
        return get(name, Pure.class);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Kwargs k && values.equals(k.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
