package dev.samos.portal;

import dev.samos.execution.ExecutionStatus;
import dev.samos.function.Kwargs;
import dev.samos.function.NotSatisfied;
import dev.samos.function.Outcome;
import dev.samos.function.Pure;
import dev.samos.function.RunFirst;
import dev.samos.function.Satisfied;
import dev.samos.function.ValidationContext;
import dev.samos.function.Validator;
import dev.samos.index.ExecutionIndex;
import dev.samos.validator.SystemResources;
import dev.samos.validator.ValidationFailedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;

/**
 * Runs a function's validators for a portal: the pre-validators before an execution (run it, run another call
 * first, or not here), the post-validators on its result; and notes which validators are in use for describe().
 * Only {@link #onPortal} is public.
 */
public final class ValidationStep {

    /** What the pre-validators said: run (all satisfied), run another call first, or not here. */
    record Verdict(List<String> outcomes, RunFirst runFirst, String declined) {
    }

    private final ExecutionIndex index;
    private final BiPredicate<Pure, Kwargs> isStored;
    private final Set<String> noted = ConcurrentHashMap.newKeySet();
    private final dev.samos.function.Resources resources;

    ValidationStep(ExecutionIndex index, BiPredicate<Pure, Kwargs> isStored, dev.samos.function.Resources resources) {
        this.index = index;
        this.isStored = isStored;
        this.resources = resources;
    }

    /**
     * A context for a call on {@code portal} on this machine ({@link SystemResources}), e.g. to try a validator
     * against a portal. It lives here, not with {@link ValidationContext}, because the contract must not depend on
     * the portal.
     *
     * @param callKwargs the kwargs as passed to {@link Portal#call}: without the function's fixed ones, which are
     *     merged in here
     */
    public static ValidationContext onPortal(Portal portal, Pure function, Kwargs callKwargs, Object result) {
        Objects.requireNonNull(portal, "portal");
        return ValidationContext.of(function, function.fixedKwargs().merge(callKwargs), SystemResources.instance(),
                (f, k) -> portal.record(portal.executionAddress(f, k))
                        .map(r -> r.status() == ExecutionStatus.DONE)
                        .orElse(false),
                result);
    }

    Verdict before(Pure function, Kwargs all) {
        note(function);
        ValidationContext context = ValidationContext.of(function, all, resources, isStored, null);
        List<String> outcomes = new ArrayList<>();
        for (Validator validator : function.preValidators()) {
            Outcome outcome = validator.check(context);
            outcomes.add(outcome.detail());
            switch (outcome) {
                case RunFirst first -> {
                    return new Verdict(outcomes, first, null);
                }
                case NotSatisfied no -> {
                    return new Verdict(outcomes, null, no.detail());
                }
                case Satisfied yes -> {
                }
            }
        }
        return new Verdict(outcomes, null, null);
    }

    /** Checks the result; a post-validator that is not satisfied fails the attempt. */
    List<String> after(Pure function, Kwargs all, Object result) {
        if (function.postValidators().isEmpty()) {
            return List.of();
        }
        note(function);
        ValidationContext context = ValidationContext.of(function, all, resources, isStored, result);
        List<String> outcomes = new ArrayList<>();
        for (Validator validator : function.postValidators()) {
            Outcome outcome = validator.check(context);
            outcomes.add(outcome.detail());
            if (!outcome.isSatisfied()) {
                throw new ValidationFailedException("post-validator " + validator.describe() + " rejected the result: "
                        + outcome.detail());
            }
        }
        return outcomes;
    }

    /** Notes the validators a function brings, once per JVM, so describe() can list what is in use. */
    private void note(Pure function) {
        for (Validator validator : function.preValidators()) {
            if (noted.add("pre " + validator.describe())) {
                index.useValidator("pre " + validator.describe());
            }
        }
        for (Validator validator : function.postValidators()) {
            if (noted.add("post " + validator.describe())) {
                index.useValidator("post " + validator.describe());
            }
        }
    }
}
