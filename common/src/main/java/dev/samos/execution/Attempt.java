package dev.samos.execution;

import java.util.List;

/**
 * What happened in one attempt of an execution; a value, stored in the portal. Times are epoch milliseconds.
 *
 * @param outcome how the attempt ended
 * @param exceptionClass the class of the exception the function threw, or null
 * @param validatorOutcomes one line per validator run, e.g. {@code unusedRam(1.0 GB): ok (12.3 GB free)}
 */
public record Attempt(long number, String worker, long startMillis, long endMillis, Outcome outcome, String stdout,
        String stderr, String exceptionClass, String exceptionMessage, String stackTrace,
        List<String> validatorOutcomes) {

    public Attempt {
        java.util.Objects.requireNonNull(outcome, "outcome");
        validatorOutcomes = List.copyOf(validatorOutcomes);
    }

    /** This attempt with another number (the index numbers attempts it records on its own, e.g. a cancel). */
    public Attempt numbered(long n) {
        return new Attempt(n, worker, startMillis, endMillis, outcome, stdout, stderr, exceptionClass,
                exceptionMessage, stackTrace, validatorOutcomes);
    }

    /** How an attempt ended. */
    public enum Outcome {
        /** The function returned and its result was stored. */
        DONE,
        /** The function threw, or its result was refused (post-validator, not storable). */
        FAILED,
        /** A pre-validator declined on this worker; the function did not run. */
        NOT_RUN,
        /** Cancelled: before it ran, or while it ran (it was stopped). */
        CANCELLED,
        /** It ran past its time limit and was stopped. */
        TIMED_OUT,
        /** It ran out of memory (its worker JVM is replaced). */
        OUT_OF_MEMORY,
        /**
         * Its worker stopped without recording it (killed, out of memory, machine lost), found when the execution's
         * tries were used up; the earlier lost attempts have no record of their own.
         */
        LOST,
        /**
         * Given back unstarted: its worker was stopping (a graceful shutdown) when its turn in a batch came. Not a
         * try: the execution is runnable again at once, for another worker.
         */
        RELEASED;

        /** Whether the function ran in this attempt. */
        public boolean ran() {
            return this == DONE || this == FAILED || this == TIMED_OUT || this == OUT_OF_MEMORY;
        }
    }
}
