package dev.samos.value;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one table of value kinds (docs/values.md). Every Java object that is a Samos value falls into exactly one
 * kind; everything else is not a value. The descriptor of an address starts with the kind's {@link #label()}.
 */
public enum ValueKind {
    NULL("null"),
    BOOLEAN("bool"),
    /** Byte, Short, Integer, Long and BigInteger: one logical integer kind, any size. */
    INTEGER("int"),
    /** Float and Double: one logical float64 kind. */
    FLOAT("float"),
    STRING("str"),
    BYTES("bytes"),
    /** Any {@link List}, any object array, and {@code boolean[]}. */
    LIST("list"),
    MAP("map"),
    SET("set"),
    F64_ARRAY("f64array"),
    F32_ARRAY("f32array"),
    I64_ARRAY("i64array"),
    I32_ARRAY("i32array"),
    I16_ARRAY("i16array"),
    /** A Java record whose components are values, or a {@link RecordValue}. */
    RECORD("record"),
    /** A Java enum constant, or an {@link EnumValue}. */
    ENUM("enum");

    private final String label;

    ValueKind(String label) {
        this.label = label;
    }

    /** The kind's name in descriptors, e.g. {@code list} in {@code list_3}. */
    public String label() {
        return label;
    }

    /**
     * The kind of {@code value}; an {@link Optional} has the kind of what it holds (empty is null).
     *
     * @throws NotAValueException naming the type when {@code value} is not a value
     */
    public static ValueKind of(Object value) {
        return switch (value) {
            case null -> NULL;
            case Boolean b -> BOOLEAN;
            case Integer i -> INTEGER;
            case Long l -> INTEGER;
            case Short s -> INTEGER;
            case Byte b -> INTEGER;
            case BigInteger b -> INTEGER;
            case Double d -> FLOAT;
            case Float f -> FLOAT;
            case String s -> STRING;
            case byte[] b -> BYTES;
            case List<?> l -> LIST;
            case Object[] a -> LIST;
            case boolean[] a -> LIST;
            case Map<?, ?> m -> MAP;
            case Set<?> s -> SET;
            case double[] a -> F64_ARRAY;
            case float[] a -> F32_ARRAY;
            case long[] a -> I64_ARRAY;
            case int[] a -> I32_ARRAY;
            case short[] a -> I16_ARRAY;
            case EnumValue e -> ENUM;
            case RecordValue r -> RECORD;
            case Enum<?> e -> ENUM;
            case Record r -> RECORD;
            case Optional<?> o -> of(o.orElse(null));
            case char[] a -> throw NotAValueException.here("char[] is not a value (use a String)");
            case Character c -> throw NotAValueException.here("java.lang.Character is not a value (use a String)");
            default -> throw NotAValueException.here(value.getClass().getName() + " is not a value");
        };
    }
}
