package dev.samos.validator;

import dev.samos.function.NotSatisfied;
import dev.samos.function.Outcome;
import dev.samos.function.Resources;
import dev.samos.function.Satisfied;
import dev.samos.function.ValidationContext;
import dev.samos.function.Validator;

/**
 * At least {@code cores} idle CPU cores on the worker: cores × (1 − recent machine-wide CPU load), a fraction allowed
 * ({@link Resources#freeCpuCores}). Pythagoras's {@code unused_cpu} uses cores − the 1-minute load average on POSIX;
 * a load average counts waiting threads and lags by a minute, so Samos measures busy time over the last second.
 */
public record UnusedCpu(double cores) implements Validator {

    public UnusedCpu {
        Numbers.requireNonNegative(cores, "unusedCpu: cores");
    }

    @Override
    public Outcome check(ValidationContext context) {
        double idle = context.resources().freeCpuCores();
        if (idle >= cores) {
            return new Satisfied(describe() + ": ok, " + Numbers.measured(idle) + " cores idle");
        }
        return new NotSatisfied(describe() + ": only " + Numbers.measured(idle) + " cores idle");
    }

    @Override
    public String describe() {
        return "unusedCpu(" + Numbers.requirement(cores) + " cores)";
    }
}
