package dev.samos.portal;

import dev.samos.function.Kwargs;
import dev.samos.function.Pure;
import dev.samos.validator.NotSatisfied;
import dev.samos.validator.Outcome;
import dev.samos.validator.Resources;
import dev.samos.validator.RunFirst;
import dev.samos.validator.Satisfied;
import dev.samos.validator.ValidationContext;
import dev.samos.validator.ValidationFailedException;
import dev.samos.validator.Validator;
import java.util.ArrayList;
import dev.samos.index.ExecutionIndex;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;

/**
 * Runs a function's validators for a portal: the pre-validators before an execution (run it, run another call
 * first, or not here), the post-validators on its result; and notes which validators are in use for describe().
 */
final class ValidationStep {

    /** What the pre-validators said: run (all satisfied), run another call first, or not here. */
    record Verdict(List<String> outcomes, RunFirst runFirst, String declined) {
    }

    private final ExecutionIndex index;
    private final BiPredicate<Pure, Kwargs> isStored;
    private final Set<String> noted = ConcurrentHashMap.newKeySet();

    ValidationStep(ExecutionIndex index, BiPredicate<Pure, Kwargs> isStored) {
        this.index = index;
        this.isStored = isStored;
    }

    Verdict before(Pure function, Kwargs all) {
        note(function);
        ValidationContext context = ValidationContext.of(function, all, Resources.system(), isStored, null);
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
        ValidationContext context = ValidationContext.of(function, all, Resources.system(), isStored, result);
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
