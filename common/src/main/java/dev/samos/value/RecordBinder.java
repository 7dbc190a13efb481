package dev.samos.value;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.math.BigInteger;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Binds named values to the components of a record type, and converts one value to a Java type the way a call's
 * arguments are converted. It lives with the values (not with the functions) because reading a record back from
 * JSON needs it too, and values must not depend on functions; callers say in their own terms what a mismatch is
 * ({@code ArgumentException} for a call, {@link NotAValueException} for JSON).
 */
public final class RecordBinder {

    /** Makes the exception for a field that does not fit: {@code field} names it, {@code problem} says why. */
    @FunctionalInterface
    public interface Mismatch {
        RuntimeException at(String field, String problem);
    }

    private RecordBinder() {
    }

    /**
     * {@code fields} bound to the components of record {@code type}, by name: every component must be given, no
     * other field may be, and each value must fit its component's type (integers narrow only when they fit).
     *
     * @throws IllegalArgumentException if the record cannot be constructed at all (e.g. its class is not accessible)
     */
    public static <A extends Record> A bind(Map<String, ?> fields, Class<A> type, Mismatch mismatch) {
        RecordComponent[] components = type.getRecordComponents();
        Object[] arguments = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        Set<String> expected = new TreeSet<>();
        for (int i = 0; i < components.length; i++) {
            String name = components[i].getName();
            expected.add(name);
            types[i] = components[i].getType();
            if (!fields.containsKey(name)) {
                throw mismatch.at(name, "missing (given: " + new TreeSet<>(fields.keySet()) + ")");
            }
            arguments[i] = convert(name, Values.unwrap(fields.get(name)), types[i], mismatch);
        }
        for (String name : new TreeSet<>(fields.keySet())) {
            if (!expected.contains(name)) {
                throw mismatch.at(name, "unexpected (" + type.getSimpleName() + " takes " + expected + ")");
            }
        }
        try {
            var constructor = type.getDeclaredConstructor(types);
            constructor.setAccessible(true);
            return constructor.newInstance(arguments);
        } catch (InvocationTargetException e) {
            throw mismatch.at(components.length == 0 ? "?" : components[0].getName(),
                    "rejected by " + type.getSimpleName() + ": " + e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("cannot construct " + type.getName() + ": " + e, e);
        }
    }

    /**
     * {@code value} as a {@code type}: any integer kind narrows to long, int, short or byte when it fits; an integer
     * widens to a float; null is kept for the boxed types and refused for primitives. Anything else must already be
     * an instance of {@code type}.
     */
    public static Object convert(String name, Object value, Class<?> type, Mismatch mismatch) {
        if (type == long.class || type == Long.class) {
            return value == null && type == Long.class ? null : toLong(name, value, mismatch);
        }
        if (type == int.class || type == Integer.class) {
            return value == null && type == Integer.class ? null : toInt(name, value, mismatch);
        }
        if (type == short.class || type == byte.class) {
            long n = toLong(name, value, mismatch);
            long min = type == short.class ? Short.MIN_VALUE : Byte.MIN_VALUE;
            long max = type == short.class ? Short.MAX_VALUE : Byte.MAX_VALUE;
            if (n < min || n > max) {
                throw mismatch.at(name, "expected a " + type + ", got " + n);
            }
            return type == short.class ? (Object) (short) n : (Object) (byte) n;
        }
        if (type == double.class || type == Double.class) {
            return value == null && type == Double.class ? null : toDouble(name, value, mismatch);
        }
        if (type == float.class) {
            return (float) toDouble(name, value, mismatch);
        }
        if (type == boolean.class) {
            return instance(name, value, Boolean.class, mismatch);
        }
        if (type == BigInteger.class) {
            return value == null || value instanceof BigInteger ? value
                    : BigInteger.valueOf(toLong(name, value, mismatch));
        }
        if (value != null && !type.isInstance(value)) {
            throw mismatch.at(name, "expected " + type.getSimpleName() + ", got " + describe(value));
        }
        if (value == null && type.isPrimitive()) {
            throw mismatch.at(name, "expected " + type + ", got null");
        }
        return value;
    }

    private static long toLong(String name, Object value, Mismatch mismatch) {
        if (value instanceof BigInteger big && big.bitLength() <= 63) {
            return big.longValue();
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        throw mismatch.at(name, "expected an integer that fits in 64 bits, got " + describe(value));
    }

    private static int toInt(String name, Object value, Mismatch mismatch) {
        long n = toLong(name, value, mismatch);
        if (n != (int) n) {
            throw mismatch.at(name, "expected an integer that fits in 32 bits, got " + n);
        }
        return (int) n;
    }

    /** A float; an integer is accepted and converted (as Python would). */
    private static double toDouble(String name, Object value, Mismatch mismatch) {
        if (value instanceof Double || value instanceof Float || value instanceof Long || value instanceof Integer
                || value instanceof Short || value instanceof Byte || value instanceof BigInteger) {
            return ((Number) value).doubleValue();
        }
        throw mismatch.at(name, "expected a number, got " + describe(value));
    }

    private static Object instance(String name, Object value, Class<?> type, Mismatch mismatch) {
        if (!type.isInstance(value)) {
            throw mismatch.at(name, "expected " + type.getSimpleName() + ", got " + describe(value));
        }
        return value;
    }

    /** How a value is named in a mismatch: its type and the start of its text. */
    public static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        String text = String.valueOf(value);
        return value.getClass().getSimpleName() + " " + (text.length() <= 60 ? text : text.substring(0, 60) + "…");
    }
}
