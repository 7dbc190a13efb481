package dev.samos.function;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Run another call first, then validate again: how a recursion guard evaluates {@code factorial(n=50000)} from the
 * bottom instead of 50,000 frames deep.
 *
 * @param function the function to call
 * @param kwargs the kwargs to call it with, as {@code Portal.call} takes them: besides the
 *     function's fixed kwargs, never repeating them
 * @param reason why, for people
 */
public record RunFirst(Pure function, Map<String, Object> kwargs, String reason) implements Outcome {

    public RunFirst {
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(reason, "reason");
        kwargs = Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(kwargs, "kwargs")));
    }

    /** The kwargs in the form {@code Portal.call} and {@code Pure.call} take. */
    public Kwargs callKwargs() {
        return Kwargs.of(kwargs);
    }

    @Override
    public String detail() {
        return reason;
    }
}
