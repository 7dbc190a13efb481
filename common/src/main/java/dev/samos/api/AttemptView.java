package dev.samos.api;

import dev.samos.execution.Attempt;
import java.time.Instant;
import java.util.List;

/**
 * One attempt of an execution as the API shows it: {@link Attempt} with its times as ISO-8601 instants.
 *
 * @param number 1 for the first attempt
 * @param worker the worker that made it
 * @param start when it started
 * @param end when it ended
 * @param outcome how it ended
 * @param stdout what the function printed
 * @param stderr what it printed to standard error
 * @param exceptionClass the class of what it threw, if it threw
 * @param exceptionMessage that exception's message
 * @param stackTrace that exception's stack trace
 * @param validatorOutcomes what each validator said
 */
public record AttemptView(long number, String worker, String start, String end, Attempt.Outcome outcome,
        String stdout, String stderr, String exceptionClass, String exceptionMessage, String stackTrace,
        List<String> validatorOutcomes) {

    public static AttemptView of(Attempt a) {
        return new AttemptView(a.number(), a.worker(), Instant.ofEpochMilli(a.startMillis()).toString(),
                Instant.ofEpochMilli(a.endMillis()).toString(), a.outcome(), a.stdout(), a.stderr(),
                a.exceptionClass(), a.exceptionMessage(), a.stackTrace(), a.validatorOutcomes());
    }

    public Attempt toAttempt() {
        return new Attempt(number, worker, Instant.parse(start).toEpochMilli(), Instant.parse(end).toEpochMilli(),
                outcome, stdout, stderr, exceptionClass, exceptionMessage, stackTrace, validatorOutcomes);
    }
}
