package dev.samos.validator;

import dev.samos.function.ArgumentException;
import dev.samos.function.Kwargs;
import dev.samos.function.Outcome;
import dev.samos.function.Pure;
import dev.samos.function.RunFirst;
import dev.samos.function.Satisfied;
import dev.samos.function.ValidationContext;
import dev.samos.function.Validator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The recursion guard of Pythagoras's {@code recursive_parameters}: evaluates a deep recursion such as
 * {@code factorial(n=50000)} from the bottom up, so no call nests deeper than a couple of levels.
 *
 * <p>For each named integer parameter, in order, with value n ≥ 2: find the smallest m in 2..n−1 whose call (same
 * function, same other kwargs, the parameter = m) is not stored yet, and answer {@link RunFirst} with that call. The
 * executor runs it (its own guard may send it further down first) and validates again; once every smaller value is
 * stored, the guard is satisfied and the call itself runs, finding its sub-results stored. The search is binary and
 * assumes the stored values form a prefix 2..k, as bottom-up evaluation leaves them: about log2(n) lookups (20 for
 * n = 1,000,000). If they do not (a value in the middle was computed alone), the m found may not be the smallest
 * missing one; that is harmless, the call it names computes what it needs.
 *
 * <p>Differences from Pythagoras: n &lt; 2, negative included, is satisfied (Pythagoras rejects negatives; here the
 * function decides what a negative argument means); any integer kind is accepted (an integer is one kind of value).
 * As in Pythagoras, a missing or non-integer parameter is a programming error, not a condition of the worker: it
 * throws {@link ArgumentException} naming the parameter, and the execution fails instead of being handed from
 * worker to worker forever.
 *
 * <p>The {@link RunFirst} carries the function without its fixed kwargs and every kwarg of the call: the same
 * execution, whichever of its arguments were fixed.
 */
public record RecursiveParameters(List<String> names) implements Validator {

    public RecursiveParameters {
        names = List.copyOf(Objects.requireNonNull(names, "names"));
        if (names.isEmpty()) {
            throw new IllegalArgumentException("recursiveParameters: name at least one parameter");
        }
        if (new HashSet<>(names).size() != names.size()) {
            throw new IllegalArgumentException("recursiveParameters: a parameter is named twice: " + names);
        }
        for (String name : names) {
            if (name.isEmpty()) {
                throw new IllegalArgumentException("recursiveParameters: a parameter name cannot be empty");
            }
        }
    }

    @Override
    public Outcome check(ValidationContext context) {
        Kwargs kwargs = context.kwargs();
        Pure function = context.function().unfixed();
        for (String name : names) {
            long n = integer(kwargs, name);
            if (n <= 2) {
                continue;     // nothing lies in 2..n−1 (and n − 1 must not overflow for Long.MIN_VALUE)
            }
            long missing = smallestMissing(context, function, kwargs, name, n);
            if (missing >= 0) {
                Map<String, Object> first = with(kwargs, name, missing);
                return new RunFirst(function, first, describe() + ": " + function.name() + "(" + name + "="
                        + missing + ") is not stored yet; run it first");
            }
        }
        return new Satisfied(describe() + ": ok, every smaller value is stored");
    }

    private long integer(Kwargs kwargs, String name) {
        if (!kwargs.has(name)) {
            throw new ArgumentException(name, "missing, but " + describe() + " guards it (given: "
                    + kwargs.names() + ")");
        }
        try {
            return kwargs.getLong(name);
        } catch (ArgumentException e) {
            throw new ArgumentException(name, describe() + " needs an integer: " + e.getMessage());
        }
    }

    /** The smallest m in 2..n−1 not stored, assuming the stored ones form a prefix; −1 if none. */
    private static long smallestMissing(ValidationContext context, Pure function, Kwargs kwargs, String name,
            long n) {
        long low = 2;
        long high = n - 1;
        long missing = -1;
        while (low <= high) {
            long mid = low + (high - low) / 2;
            if (context.isStored(function, Kwargs.of(with(kwargs, name, mid)))) {
                low = mid + 1;
            } else {
                missing = mid;
                high = mid - 1;
            }
        }
        return missing;
    }

    private static Map<String, Object> with(Kwargs kwargs, String name, long value) {
        Map<String, Object> map = new TreeMap<>(kwargs.asMap());
        map.put(name, value);
        return map;
    }

    @Override
    public String describe() {
        return "recursiveParameters(" + String.join(", ", names) + ")";
    }
}
