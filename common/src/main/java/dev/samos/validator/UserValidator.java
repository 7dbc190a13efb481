package dev.samos.validator;

import dev.samos.function.Kwargs;
import dev.samos.function.NotSatisfied;
import dev.samos.function.Outcome;
import dev.samos.function.Pure;
import dev.samos.function.RunFirst;
import dev.samos.function.Satisfied;
import dev.samos.function.ValidationContext;
import dev.samos.function.Validator;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A user's own validator: a pure function, called through {@link Pure#call} on the current portal with the kwargs
 * {@code function} (the {@link Pure} being executed, fixed kwargs inside), {@code kwargs} (a map of every kwarg of
 * the call, fixed ones included) and {@code result} (the result for a post-validator, null before execution). It
 * returns {@code true} (satisfied), {@code false} (not satisfied), or a map {@code {"runFirst": Pure, "kwargs": Map}}
 * with an optional {@code "reason": String}: run that call first.
 *
 * <p>The rule: being a pure function, the validator is memoized like any other, so its verdict for a call is
 * stored forever. It must judge the call itself (its arguments, its result) and nothing of the moment or the
 * machine; free RAM, CPU, GPUs and classes are what the built-in validators are for, and they are checked afresh
 * every time. A "run first" answer is therefore a prerequisite of the call, fixed forever; this validator treats it
 * as satisfied once that call's result is stored, so validating again after running it moves on instead of asking
 * for it forever.
 *
 * <p>An answer of another shape, or a validator that throws, fails the execution ({@link ValidatorException}, or the
 * function's own {@code FunctionFailedException}).
 */
public record UserValidator(Pure function) implements Validator {

    private static final Set<String> RUN_FIRST_KEYS = Set.of("runFirst", "kwargs", "reason");

    public UserValidator {
        Objects.requireNonNull(function, "function");
    }

    @Override
    public Outcome check(ValidationContext context) {
        Map<String, Object> arguments = new HashMap<>();
        arguments.put("function", context.function());
        arguments.put("kwargs", context.kwargs().asMap());
        arguments.put("result", context.result());
        Object answer = function.call(Kwargs.of(arguments));
        if (answer instanceof Boolean ok) {
            return ok ? new Satisfied(describe() + ": ok") : new NotSatisfied(describe() + ": returned false");
        }
        if (answer instanceof Map<?, ?> map && map.get("runFirst") instanceof Pure first
                && map.get("kwargs") instanceof Map<?, ?> firstKwargs && RUN_FIRST_KEYS.containsAll(map.keySet())
                && (map.get("reason") == null || map.get("reason") instanceof String)) {
            Kwargs kwargs = kwargsOf(firstKwargs);
            String call = first.name() + kwargs;
            if (context.isStored(first, kwargs)) {
                return new Satisfied(describe() + ": ok, " + call + " is stored");
            }
            String reason = map.get("reason") instanceof String r ? ": " + r : "";
            return new RunFirst(first, kwargs.asMap(), describe() + ": run " + call + " first" + reason);
        }
        throw new ValidatorException(describe() + " returned " + abbreviate(String.valueOf(answer))
                + "; a validator returns true, false or {\"runFirst\": <function>, \"kwargs\": {...}}");
    }

    private Kwargs kwargsOf(Map<?, ?> map) {
        Map<String, Object> kwargs = new HashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String name)) {
                throw new ValidatorException(describe() + " returned runFirst kwargs with a key that is not a "
                        + "String: " + e.getKey());
            }
            kwargs.put(name, e.getValue());
        }
        return Kwargs.of(kwargs);
    }

    private static String abbreviate(String s) {
        return s.length() <= 100 ? s : s.substring(0, 100) + "…";
    }

    @Override
    public String describe() {
        return "userValidator(" + function.name() + ")";
    }
}
