package dev.samos.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samos.function.FunctionFailedException;
import dev.samos.function.Kwargs;
import dev.samos.testkit.Spin;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An attempt under the portal's time limit: stopped past it, recorded as its failure; other calls go on. */
class TimeLimitTest {

    @Test
    void anAttemptPastTheLimitFailsAndTheNextCallRuns(@TempDir Path folder) {
        try (LocalPortal portal = LocalPortal.open(folder, PortalOptions.defaults().withTimeLimitMillis(200))) {
            var spin = portal.pure(Spin.class);
            assertThatThrownBy(() -> portal.call(spin, Kwargs.of(Map.of("n", 2_000_000_000L, "seed", 0L))))
                    .isInstanceOf(FunctionFailedException.class).hasMessageContaining("time limit of 200 ms");
            var record = portal.record(portal.executionAddress(spin, Kwargs.of(Map.of("n", 2_000_000_000L, "seed", 0L))))
                    .orElseThrow();
            assertThat(record.attempts().getLast().exceptionClass()).isEqualTo(TimeLimitException.class.getName());
            assertThat(record.attempts().getLast().outcome()).isEqualTo(dev.samos.execution.Attempt.Outcome.TIMED_OUT);
            assertThat(portal.call(spin, Kwargs.of(Map.of("n", 1_000L, "seed", 0L)))).isEqualTo(2_999L);
        }
    }

    @Test
    void aFunctionDeclaresItsOwnLimitWithinTheOperatorsMaximum(@TempDir Path folder) {
        try (LocalPortal portal = LocalPortal.open(folder, PortalOptions.defaults().withWorkers(0)
                .withMaxTimeLimitMillis(400))) {
            var runaway = Kwargs.of(Map.of("n", Long.MAX_VALUE, "seed", 1L));
            var declared = portal.pure(Spin.class).withPreValidators(
                    dev.samos.validator.Validators.timeLimit(java.time.Duration.ofMillis(150)));
            assertThatThrownBy(() -> portal.call(declared, runaway))
                    .isInstanceOf(FunctionFailedException.class).hasMessageContaining("time limit of 150 ms");
            var tooLong = portal.pure(Spin.class).withPreValidators(
                    dev.samos.validator.Validators.timeLimit(java.time.Duration.ofHours(1)));
            assertThatThrownBy(() -> portal.call(tooLong, Kwargs.of(Map.of("n", Long.MAX_VALUE, "seed", 2L))))
                    .isInstanceOf(FunctionFailedException.class).hasMessageContaining("time limit of 400 ms");
            // No limit of its own and no default: the maximum still holds.
            assertThatThrownBy(() -> portal.call(portal.pure(Spin.class), Kwargs.of(Map.of("n", Long.MAX_VALUE,
                    "seed", 3L)))).isInstanceOf(FunctionFailedException.class)
                    .hasMessageContaining("time limit of 400 ms");
        }
    }

    @Test
    void aCallsOwnLimitAddedToTheFunctionOverridesTheFunctionsOwn(@TempDir Path folder) {
        try (LocalPortal portal = LocalPortal.open(folder, PortalOptions.defaults().withWorkers(0)
                .withTimeLimitMillis(60_000))) {
            var declared = portal.pure(Spin.class).withPreValidators(
                    dev.samos.validator.Validators.timeLimit(java.time.Duration.ofSeconds(30)));
            var runaway = Kwargs.of(Map.of("n", Long.MAX_VALUE, "seed", 4L));

            var forThisCall = declared.withPreValidators(
                    dev.samos.validator.Validators.timeLimit(java.time.Duration.ofMillis(150)));

            assertThatThrownBy(() -> portal.call(forThisCall, runaway))
                    .isInstanceOf(FunctionFailedException.class).hasMessageContaining("time limit of 150 ms");
            // The same call: a limit is a validator, not part of the execution's address.
            assertThat(portal.executionAddress(forThisCall, runaway))
                    .isEqualTo(portal.executionAddress(declared, runaway));
        }
    }

    @Test
    void aTimeLimitOnAFunctionReplacesTheOneItHadAndKeepsItsOtherValidators() {
        var pure = new dev.samos.function.Pure("f", dev.samos.address.ValueAddress.of("bundle").toString(), Map.of())
                .withPreValidators(dev.samos.validator.Validators.timeLimit(java.time.Duration.ofSeconds(30)),
                        dev.samos.validator.Validators.unusedRam(0.001));

        var limited = new dev.samos.validator.TimeLimit(150).on(pure);

        assertThat(limited.preValidators()).containsExactly(dev.samos.validator.Validators.unusedRam(0.001),
                new dev.samos.validator.TimeLimit(150));
        assertThat(limited.address()).isEqualTo(pure.address());
    }
}
