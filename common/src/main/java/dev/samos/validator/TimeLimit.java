package dev.samos.validator;

import dev.samos.function.Outcome;
import dev.samos.function.Satisfied;
import dev.samos.function.ValidationContext;
import dev.samos.function.Validator;

/**
 * How long one attempt of the function may run, declared with the function like its other conditions (so changing
 * it never recomputes a stored result). The portal holds each attempt to it, capped by the operator's maximum
 * ({@code samos.maxTimeLimitMillis}); past it the attempt is stopped and recorded TIMED_OUT. As a check it always
 * holds: it limits the run, not where it may run.
 */
public record TimeLimit(long millis) implements Validator {

    public TimeLimit {
        if (millis < 1) {
            throw new IllegalArgumentException("timeLimit: at least 1 ms, not " + millis);
        }
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
