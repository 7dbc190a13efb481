package dev.samos.execution;

import java.util.List;

/**
 * What happened in one attempt of an execution; a value, stored in the portal. Times are epoch milliseconds.
 *
 * @param outcome {@code DONE}, {@code FAILED} or {@code NOT_RUN} (a pre-validator declined)
 * @param exceptionClass the class of the exception the function threw, or null
 * @param validatorOutcomes one line per validator run, e.g. {@code unusedRam(1.0 GB): ok (12.3 GB free)}
 */
public record Attempt(long number, String worker, long startMillis, long endMillis, String outcome, String stdout,
        String stderr, String exceptionClass, String exceptionMessage, String stackTrace,
        List<String> validatorOutcomes) {

    public Attempt {
        validatorOutcomes = List.copyOf(validatorOutcomes);
    }
}
