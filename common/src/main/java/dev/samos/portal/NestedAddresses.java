package dev.samos.portal;

import dev.samos.execution.ExecutionAddress;
import dev.samos.value.Values;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lists and maps of execution addresses, nested (Pythagoras's {@code ready} and {@code get} take them): the
 * addresses in them, in order, and the same shape with each address replaced by its result. Anything that is not
 * an address, a collection or a map is kept as it is; map keys are kept as they are; a collection comes back as a
 * list in its iteration order.
 */
final class NestedAddresses {

    private NestedAddresses() {
    }

    /** Every execution address in {@code nested}, depth first, in order (repeats included). */
    static List<ExecutionAddress> in(Object nested) {
        List<ExecutionAddress> found = new ArrayList<>();
        collect(nested, found, 0);
        return found;
    }

    /** {@code nested} with its addresses replaced by {@code results}, taken in the order {@link #in} lists them. */
    static Object replaced(Object nested, Iterator<Object> results) {
        return replace(nested, results, 0);
    }

    private static void collect(Object nested, List<ExecutionAddress> found, int depth) {
        check(depth);
        switch (nested) {
            case ExecutionAddress address -> found.add(address);
            case Collection<?> collection -> collection.forEach(element -> collect(element, found, depth + 1));
            case Map<?, ?> map -> map.values().forEach(value -> collect(value, found, depth + 1));
            case null, default -> {
            }
        }
    }

    private static Object replace(Object nested, Iterator<Object> results, int depth) {
        return switch (nested) {
            case ExecutionAddress address -> results.next();
            case Collection<?> collection -> {
                List<Object> list = new ArrayList<>(collection.size());
                for (Object element : collection) {
                    list.add(replace(element, results, depth + 1));
                }
                yield list;
            }
            case Map<?, ?> map -> {
                Map<Object, Object> copy = new LinkedHashMap<>();
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    copy.put(entry.getKey(), replace(entry.getValue(), results, depth + 1));
                }
                yield copy;
            }
            case null, default -> nested;
        };
    }

    private static void check(int depth) {
        if (depth > Values.MAX_DEPTH) {
            throw new IllegalArgumentException("execution addresses nested deeper than " + Values.MAX_DEPTH
                    + " levels");
        }
    }
}
