package dev.samos.portal;

import static dev.samos.validator.Validators.recursiveParameters;
import static dev.samos.validator.Validators.unusedRam;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samos.examples.MySquare;
import dev.samos.examples.SumTo;
import dev.samos.execution.Attempt;
import dev.samos.execution.ExecutionAddress;
import dev.samos.execution.ExecutionStatus;
import dev.samos.function.FunctionFailedException;
import dev.samos.function.Kwargs;
import dev.samos.function.Pure;
import dev.samos.validator.ValidationFailedException;
import dev.samos.validator.Validators;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Validators on real portals: not part of the address, recorded, never dropping a request. */
class ValidatedCallsTest {

    @TempDir
    Path folder;

    @Test
    void validatorsDoNotChangeTheExecutionAddress() {
        try (LocalPortal portal = LocalPortal.open(folder, PortalOptions.defaults().withWorkers(0))) {
            Pure square = portal.pure(MySquare.class);
            Pure checked = square.withPreValidators(unusedRam(0.001));
            assertThat(checked).isNotEqualTo(square);                      // another function value…
            assertThat(checked.address()).isEqualTo(square.address());     // …with the same address (IdentifiedRecord)
            assertThat(portal.executionAddress(checked, Kwargs.of("x", 4)))
                    .isEqualTo(portal.executionAddress(square, Kwargs.of("x", 4))); // …and the same call
            assertThat(checked.call("x", 4)).isEqualTo(16L);
            assertThat(square.call("x", 4)).isEqualTo(16L);
            Attempt attempt = portal.record(portal.executionAddress(square, Kwargs.of("x", 4))).orElseThrow()
                    .attempts().getFirst();
            assertThat(portal.record(portal.executionAddress(square, Kwargs.of("x", 4))).orElseThrow().attempts())
                    .hasSize(1);
            assertThat(attempt.validatorOutcomes()).singleElement().asString().startsWith("unusedRam(");
            assertThat(portal.describe().validators()).containsExactly("pre unusedRam(0.001 GB)");
            assertThat(portal.describe().toString()).contains("validators:  pre unusedRam(0.001 GB)");
        }
    }

    @Test
    void theRecursionGuardEvaluatesDeepRecursionBottomUp() {
        try (LocalPortal portal = LocalPortal.open(folder, PortalOptions.defaults().withWorkers(0))) {
            Pure sumTo = portal.pure(SumTo.class).withPreValidators(recursiveParameters("n"));
            int n = 3_000;
            assertThat(sumTo.call("n", n)).isEqualTo((long) n * (n + 1) / 2);
            // Bottom-up: each call started after the one below it had ended (nested calls would start before it).
            // The guard looks at 2..n-1, so n=2 still calls n=1 (and n=1 calls n=0) nested, as in Pythagoras.
            Attempt below = attemptOf(portal, sumTo, 2);
            for (int m = 3; m <= n; m++) {
                Attempt attempt = attemptOf(portal, sumTo, m);
                assertThat(attempt.startMillis()).as("start of n=%d", m).isGreaterThanOrEqualTo(below.endMillis());
                below = attempt;
            }
            assertThat(below.validatorOutcomes()).singleElement().asString().contains("recursiveParameters");
            assertThat(portal.describe().executions()).containsEntry("DONE", (long) n + 1);
        }
    }

    private static Attempt attemptOf(LocalPortal portal, Pure function, int n) {
        return portal.record(portal.executionAddress(function, Kwargs.of("n", n))).orElseThrow().attempts()
                .getFirst();
    }

    @Test
    void anUnsatisfiedPreValidatorLeavesASwarmedCallPendingNeverFailed() {
        try (LocalPortal portal = LocalPortal.open(folder,
                PortalOptions.defaults().withWorkers(1).withRetries(3, 20))) {
            Pure greedy = portal.pure(MySquare.class).withPreValidators(unusedRam(1_000_000));
            ExecutionAddress address = greedy.swarm("x", 5);
            assertThatThrownBy(() -> portal.get(address, Duration.ofMillis(800)))
                    .isInstanceOf(ExecutionTimeoutException.class);
            var record = portal.record(address).orElseThrow();
            assertThat(record.status()).isIn(ExecutionStatus.PENDING, ExecutionStatus.RUNNING);
            assertThat(record.attempts()).hasSizeGreaterThan(3) // handed back many times, more than maxTries…
                    .allMatch(a -> a.outcome() == dev.samos.execution.Attempt.Outcome.NOT_RUN);
            assertThat(record.attempts().getFirst().validatorOutcomes().getFirst()).contains("unusedRam(1000000");
        }
    }

    @Test
    void aSyncCallWhosePreValidatorCannotBeSatisfiedAnywhereSaysWhich() {
        try (LocalPortal portal = LocalPortal.open(folder, PortalOptions.defaults().withWorkers(0))) {
            Pure greedy = portal.pure(MySquare.class).withPreValidators(unusedRam(1_000_000));
            assertThatThrownBy(() -> greedy.call("x", 5))
                    .isInstanceOf(ValidationFailedException.class)
                    .hasMessageContaining("unusedRam(1000000")
                    .hasMessageContaining("no worker of another JVM is alive");
        }
    }

    @Test
    void aPostValidatorThatRejectsTheResultFailsTheAttempt() {
        try (LocalPortal portal = LocalPortal.open(folder, PortalOptions.defaults().withWorkers(0))) {
            Pure square = portal.pure(MySquare.class)
                    .withPostValidators(Validators.installedClasses("no.such.Library"));
            assertThatThrownBy(() -> square.call("x", 3))
                    .isInstanceOf(FunctionFailedException.class)
                    .hasMessageContaining("ValidationFailedException")
                    .hasMessageContaining("no.such.Library");
            var record = portal.record(portal.executionAddress(square, Kwargs.of("x", 3))).orElseThrow();
            assertThat(record.status()).isEqualTo(ExecutionStatus.FAILED);
        }
    }
}
