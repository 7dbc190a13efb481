package dev.samos.validator;

import static dev.samos.validator.Validators.recursiveParameters;
import static dev.samos.validator.Validators.userValidator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samos.examples.Factorial;
import dev.samos.execution.Attempt;
import dev.samos.execution.ExecutionAddress;
import dev.samos.execution.ExecutionStatus;
import dev.samos.function.Kwargs;
import dev.samos.function.NotSatisfied;
import dev.samos.function.Outcome;
import dev.samos.function.Pure;
import dev.samos.function.RunFirst;
import dev.samos.function.Satisfied;
import dev.samos.function.Validator;
import dev.samos.portal.Portal;
import dev.samos.portal.ValidationStep;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Validators against a real local portal: stored results, and user validators as memoized pure functions. */
class ValidatorsOnAPortalTest {

    @TempDir
    Path folder;

    @Test
    void theRecursionGuardEvaluatesFactorialFromTheBottom() {
        try (Portal portal = Portal.local(folder)) {
            Pure factorial = portal.pure(Factorial.class);
            factorial.call("n", 5);   // stores n = 1..5
            Validator guard = recursiveParameters("n");
            assertThat(guard.check(ValidationStep.onPortal(portal, factorial, Kwargs.of("n", 300), null)))
                    .isEqualTo(new RunFirst(factorial, Map.of("n", 6L),
                            "recursiveParameters(n): Factorial(n=6) is not stored yet; run it first"));
            // What an executor does: run what the guard asks for until it is satisfied, then the call itself.
            int runs = 0;
            Outcome outcome;
            while ((outcome = guard.check(ValidationStep.onPortal(portal, factorial, Kwargs.of("n", 300), null)))
                    instanceof RunFirst first) {
                portal.call(first.function(), first.callKwargs());
                runs++;
            }
            assertThat(outcome).isInstanceOf(Satisfied.class);
            assertThat(runs).isEqualTo(299 - 5);
            BigInteger expected = BigInteger.ONE;
            for (int i = 2; i <= 300; i++) {
                expected = expected.multiply(BigInteger.valueOf(i));
            }
            assertThat(factorial.call(BigInteger.class, "n", 300)).isEqualTo(expected);
        }
    }

    @Test
    void aSwarmedGuardedCallRunsWhatItAsksForAtOnceInsteadOfWaitingARetryPerLevel() {
        try (Portal portal = Portal.local(folder)) {
            Pure factorial = portal.pure(Factorial.class).withPreValidators(recursiveParameters("n"));
            ExecutionAddress address = factorial.swarm("n", 20);
            BigInteger expected = BigInteger.ONE;
            for (int i = 2; i <= 20; i++) {
                expected = expected.multiply(BigInteger.valueOf(i));
            }
            assertThat(portal.get(address, Duration.ofMinutes(2))).isEqualTo(expected);
            // Before: handed back (a NOT_RUN attempt, then retryMillis of waiting) once per level below it.
            assertThat(portal.record(address).orElseThrow().attempts())
                    .singleElement()
                    .satisfies(attempt -> assertThat(attempt.outcome()).isEqualTo(Attempt.Outcome.DONE));
        }
    }

    @Test
    void aUserValidatorIsAMemoizedPureFunctionOfTheCall() {
        try (Portal portal = Portal.local(folder)) {
            Pure factorial = portal.pure(Factorial.class);
            Pure small = portal.pure(SmallInputs.class);
            Validator validator = userValidator(small);
            assertThat(validator.check(ValidationStep.onPortal(portal, factorial, Kwargs.of("n", 5), null)))
                    .isEqualTo(new Satisfied("userValidator(SmallInputs): ok"));
            assertThat(validator.check(ValidationStep.onPortal(portal, factorial, Kwargs.of("n", 500), null)))
                    .isEqualTo(new NotSatisfied("userValidator(SmallInputs): returned false"));
            // As a post-validator it sees the result.
            assertThat(validator.check(ValidationStep.onPortal(portal, factorial, Kwargs.of("n", 5),
                    BigInteger.valueOf(-1))).isSatisfied()).isFalse();
            // Its verdicts are stored like any result: the call of the validator is DONE in the portal.
            Kwargs validatorKwargs = Kwargs.of(Map.of("function", factorial, "kwargs", Map.of("n", 5)))
                    .merge(Kwargs.of("result", null));
            assertThat(portal.record(portal.executionAddress(small, validatorKwargs)).orElseThrow().status())
                    .isEqualTo(ExecutionStatus.DONE);
        }
    }

    @Test
    void aUserValidatorsRunFirstIsSatisfiedOnceThatCallIsStored() {
        try (Portal portal = Portal.local(folder)) {
            Pure factorial = portal.pure(Factorial.class);
            Validator validator = userValidator(portal.pure(PreviousFirst.class));
            Outcome before = validator.check(ValidationStep.onPortal(portal, factorial, Kwargs.of("n", 5), null));
            assertThat(before).isEqualTo(new RunFirst(factorial, Map.of("n", 4L),
                    "userValidator(PreviousFirst): run Factorial{n=4} first: n - 1 first"));
            RunFirst first = (RunFirst) before;
            portal.call(first.function(), first.callKwargs());
            assertThat(validator.check(ValidationStep.onPortal(portal, factorial, Kwargs.of("n", 5), null)))
                    .isEqualTo(new Satisfied("userValidator(PreviousFirst): ok, Factorial{n=4} is stored"));
        }
    }

    @Test
    void aUserValidatorThatAnswersNonsenseFailsTheExecution() {
        try (Portal portal = Portal.local(folder)) {
            Pure factorial = portal.pure(Factorial.class);
            Validator validator = userValidator(portal.pure(BadAnswer.class));
            assertThatThrownBy(() -> validator.check(
                    ValidationStep.onPortal(portal, factorial, Kwargs.of("n", 5), null)))
                    .isInstanceOf(ValidatorException.class)
                    .hasMessage("userValidator(BadAnswer) returned yes; a validator returns true, false or "
                            + "{\"runFirst\": <function>, \"kwargs\": {...}}");
        }
    }
}
