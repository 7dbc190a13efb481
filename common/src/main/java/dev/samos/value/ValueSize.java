package dev.samos.value;

import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Map;

/**
 * About how many bytes of heap a value holds (64-bit JVM, compressed references): what in-memory caches of values
 * weigh their entries by, so they are bounded in bytes rather than in entries. An estimate, cheap to compute (one
 * walk over the value), not an exact measurement: strings count one byte per character (the JVM's compact
 * strings), collections their entries' and their own overhead, records their components.
 */
public final class ValueSize {

    private static final long HEADER = 16;
    private static final long REFERENCE = 4;

    private ValueSize() {
    }

    /** The estimated heap bytes of {@code value} and everything it holds. */
    public static long of(Object value) {
        return of(value, 0);
    }

    private static long of(Object value, int depth) {
        if (value == null) {
            return 0;
        }
        if (depth > Values.MAX_DEPTH) {
            return HEADER;      // a value this deep is refused elsewhere; its size here does not matter
        }
        return switch (value) {
            case String s -> 40 + s.length();
            case Boolean b -> 0;                                  // two shared instances
            case BigInteger b -> 40 + b.bitLength() / 8;
            case BigDecimal d -> 80 + d.unscaledValue().bitLength() / 8;
            case Number n -> HEADER + 8;
            case Character c -> HEADER;
            case Enum<?> e -> 0;                                  // shared constants
            case byte[] a -> HEADER + a.length;
            case boolean[] a -> HEADER + a.length;
            case short[] a -> HEADER + 2L * a.length;
            case char[] a -> HEADER + 2L * a.length;
            case int[] a -> HEADER + 4L * a.length;
            case float[] a -> HEADER + 4L * a.length;
            case long[] a -> HEADER + 8L * a.length;
            case double[] a -> HEADER + 8L * a.length;
            case Object[] a -> {
                long size = HEADER + REFERENCE * a.length;
                for (Object element : a) {
                    size += of(element, depth + 1);
                }
                yield size;
            }
            case Map<?, ?> map -> {
                long size = 64 + 48L * map.size();              // table slot and node per entry (LinkedHashMap)
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    size += of(entry.getKey(), depth + 1) + of(entry.getValue(), depth + 1);
                }
                yield size;
            }
            case Collection<?> collection -> {
                long size = 64 + 48L * collection.size();       // a set's nodes; a list's slot is less
                for (Object element : collection) {
                    size += of(element, depth + 1);
                }
                yield size;
            }
            case Record record -> HEADER + components(record, depth);
            default -> 64;
        };
    }

    private static long components(Record record, int depth) {
        long size = 0;
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            size += REFERENCE;
            try {
                var accessor = component.getAccessor();
                accessor.trySetAccessible();
                size += of(accessor.invoke(record), depth + 1);
            } catch (ReflectiveOperationException | RuntimeException unreadable) {
                size += 64;     // a record of a class this code may not read: counted as a small one
            }
        }
        return size;
    }
}
