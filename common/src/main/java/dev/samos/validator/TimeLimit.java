package dev.samos.validator;

import dev.samos.function.Outcome;
import dev.samos.function.Pure;
import dev.samos.function.Satisfied;
import dev.samos.function.ValidationContext;
import dev.samos.function.Validator;

/**
 * How long one attempt of the function may run, declared with the function like its other conditions (so changing
 * it never recomputes a stored result). The portal holds each attempt to it, capped by the operator's maximum
 * ({@code samos.maxTimeLimitMillis}); past it the attempt is stopped and recorded TIMED_OUT. As a check it always
 * holds: it limits the run, not where it may run.
 *
 * <p>A function holding several takes the last one added, so adding a limit for one call
 * ({@code pure.withPreValidators(Validators.timeLimit(d))}) overrides what the function declared; {@link #on} does the
 * same and drops the earlier ones. The execution's address does not change with it: identical calls with different
 * limits are one execution, run with the limit of the request that started it (the first; or the one that requested
 * it again after it FAILED).
 */
public record TimeLimit(long millis) implements Validator {

    public TimeLimit {
        if (millis < 1) {
            throw new IllegalArgumentException("timeLimit: at least 1 ms, not " + millis);
        }
    }

    /** {@code function} held to this limit: its other validators kept, any time limit it had replaced. */
    public Pure on(Pure function) {
        java.util.List<Validator> validators = new java.util.ArrayList<>(function.preValidators());
        validators.removeIf(TimeLimit.class::isInstance);
        validators.add(this);
        return new Pure(function.name(), function.bundle(), function.fixed(), validators,
                function.postValidators());
    }

    @Override
    public Outcome check(ValidationContext context) {
        return new Satisfied(describe() + ": ok");
    }

    @Override
    public String describe() {
        return "timeLimit(" + millis + " ms)";
    }
}
