package dev.samos.validator;

import static dev.samos.validator.Validators.recursiveParameters;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samos.address.ValueAddress;
import dev.samos.function.ArgumentException;
import dev.samos.function.Kwargs;
import dev.samos.function.Outcome;
import dev.samos.function.Pure;
import dev.samos.function.Resources;
import dev.samos.function.RunFirst;
import dev.samos.function.Satisfied;
import dev.samos.function.ValidationContext;
import java.math.BigInteger;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class RecursiveParametersTest {

    static final Pure FACTORIAL = new Pure("Factorial", ValueAddress.of("factorial bundle").toString(), Map.of());
    static final Resources NOTHING = Resources.fixed(0, 0, 0, Set.of());

    /** A portal that has the results of FACTORIAL for the n in {@code stored} (other kwargs as in the call). */
    final Set<Long> stored = new HashSet<>();
    final AtomicInteger lookups = new AtomicInteger();

    ValidationContext call(Pure function, Kwargs kwargs) {
        return ValidationContext.of(function, kwargs, NOTHING, (f, k) -> {
            lookups.incrementAndGet();
            assertThat(f).isEqualTo(function.unfixed());
            assertThat(k.names()).isEqualTo(kwargs.names());
            return stored.contains(k.getLong("n"));
        }, null);
    }

    Outcome check(long n) {
        return recursiveParameters("n").check(call(FACTORIAL, Kwargs.of("n", n)));
    }

    void storeUpTo(long k) {
        LongStream.rangeClosed(0, k).forEach(stored::add);
    }

    @Test
    void nothingStoredRunsTwoFirst() {
        assertThat(check(50)).isEqualTo(new RunFirst(FACTORIAL, Map.of("n", 2L),
                "recursiveParameters(n): Factorial(n=2) is not stored yet; run it first"));
    }

    @Test
    void aStoredPrefixRunsTheNextValueFirst() {
        storeUpTo(36);
        assertThat(check(50)).isEqualTo(new RunFirst(FACTORIAL, Map.of("n", 37L),
                "recursiveParameters(n): Factorial(n=37) is not stored yet; run it first"));
        storeUpTo(48);
        assertThat(((RunFirst) check(50)).kwargs()).isEqualTo(Map.of("n", 49L));
    }

    @Test
    void everySmallerValueStoredIsSatisfied() {
        storeUpTo(49);
        assertThat(check(50)).isEqualTo(new Satisfied("recursiveParameters(n): ok, every smaller value is stored"));
        assertThat(check(3)).isInstanceOf(Satisfied.class);
    }

    @Test
    void baseCasesAreSatisfiedWithoutLookingAnythingUp() {
        for (long n : new long[] {1, 0, -5, Long.MIN_VALUE}) {
            assertThat(check(n)).isInstanceOf(Satisfied.class);
        }
        assertThat(check(2)).isInstanceOf(Satisfied.class);   // 2..1 is empty
        assertThat(lookups).hasValue(0);
    }

    @Test
    void theSearchIsBinary() {
        storeUpTo(765_432);
        RunFirst first = (RunFirst) check(1_000_000);
        assertThat(first.kwargs()).isEqualTo(Map.of("n", 765_433L));
        assertThat(lookups.get()).isLessThanOrEqualTo(21);
        lookups.set(0);
        storeUpTo(999_999);
        assertThat(check(1_000_000)).isInstanceOf(Satisfied.class);
        assertThat(lookups.get()).isLessThanOrEqualTo(21);
    }

    @Test
    void otherKwargsAreKept() {
        Kwargs kwargs = Kwargs.of("n", 10, "modulus", 97, "label", "x");
        RunFirst first = (RunFirst) recursiveParameters("n").check(call(FACTORIAL, kwargs));
        assertThat(first.kwargs()).isEqualTo(Map.of("n", 2L, "modulus", 97, "label", "x"));
        assertThat(first.callKwargs()).isEqualTo(Kwargs.of("n", 2L, "modulus", 97, "label", "x"));
    }

    @Test
    void fixedKwargsTravelAsKwargsOfTheUnfixedFunction() {
        Pure fixed = FACTORIAL.fixKwargs("modulus", 97);
        RunFirst first = (RunFirst) recursiveParameters("n").check(call(fixed, Kwargs.of("n", 10, "modulus", 97)));
        assertThat(first.function()).isEqualTo(FACTORIAL);
        assertThat(first.kwargs()).isEqualTo(Map.of("n", 2L, "modulus", 97));
    }

    @Test
    void everyIntegerKindIsAccepted() {
        storeUpTo(4);
        assertThat(recursiveParameters("n").check(call(FACTORIAL, Kwargs.of("n", BigInteger.TEN))))
                .isEqualTo(new RunFirst(FACTORIAL, Map.of("n", 5L),
                        "recursiveParameters(n): Factorial(n=5) is not stored yet; run it first"));
        assertThat(((RunFirst) recursiveParameters("n").check(call(FACTORIAL, Kwargs.of("n", (short) 9))))
                .kwargs()).isEqualTo(Map.of("n", 5L));
    }

    @Test
    void severalParametersAreGuardedInOrder() {
        // Stored: every n for k = 3; the guard on k sends the call to k = 2 first.
        ValidationContext context = ValidationContext.of(FACTORIAL, Kwargs.of("n", 5, "k", 3), NOTHING,
                (f, k) -> k.getLong("k") == 3, null);
        assertThat(((RunFirst) recursiveParameters("n", "k").check(context)).kwargs())
                .isEqualTo(Map.of("n", 5, "k", 2L));
    }

    @Test
    void aMissingOrNonIntegerParameterIsAProgrammingError() {
        assertThatThrownBy(() -> recursiveParameters("m").check(call(FACTORIAL, Kwargs.of("n", 5))))
                .isInstanceOf(ArgumentException.class)
                .hasMessage("argument 'm': missing, but recursiveParameters(m) guards it (given: [n])");
        assertThatThrownBy(() -> check(FACTORIAL, Kwargs.of("n", 5.0)))
                .isInstanceOf(ArgumentException.class)
                .hasMessageStartingWith("argument 'n': recursiveParameters(n) needs an integer: ");
        assertThatThrownBy(() -> check(FACTORIAL, Kwargs.of("n", BigInteger.TWO.pow(70))))
                .isInstanceOf(ArgumentException.class);
    }

    private Outcome check(Pure function, Kwargs kwargs) {
        return recursiveParameters("n").check(call(function, kwargs));
    }
}
