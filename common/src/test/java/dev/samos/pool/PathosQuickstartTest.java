package dev.samos.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/** The pathos 0.3.5 quickstart, in Java: {@code pool.map(calculate_power, bases, exponents)}. */
class PathosQuickstartTest {

    static final BiFunction<Integer, Integer, Integer> calculatePower = (base, exponent) -> (int) Math.pow(base, exponent);

    @Test
    void mapOfSeveralIterablesOnThreads() {
        List<Integer> bases = List.of(1, 2, 3, 4, 5);
        List<Integer> exponents = List.of(2, 3, 2, 4, 3);
        try (Pool pool = Pool.threads(4)) {
            assertThat(pool.map(calculatePower, bases, exponents)).containsExactly(1, 8, 9, 256, 125);
        }
    }

    @Test
    void mapOfSeveralIterablesOnChildProcesses() {
        // A process pool ships the function to other JVMs: its type must be serializable (pathos needs dill there).
        SerializableBiFunction<Integer, Integer, Integer> calculatePower = (base, exponent) -> (int) Math.pow(base, exponent);
        try (Pool pool = Pool.processes(2)) {
            assertThat(pool.map(calculatePower, List.of(1, 2, 3, 4, 5), List.of(2, 3, 2, 4, 3)))
                    .containsExactly(1, 8, 9, 256, 125);
        }
    }

    @Test
    void mapOfSeveralIterablesOnVirtualThreads() {
        try (Pool pool = Pool.virtualThreads()) {
            assertThat(pool.map(calculatePower, List.of(1, 2, 3, 4, 5), List.of(2, 3, 2, 4, 3)))
                    .containsExactly(1, 8, 9, 256, 125);
        }
    }
}
