package dev.samos.validator;

import dev.samos.function.NotSatisfied;
import dev.samos.function.Outcome;
import dev.samos.function.Resources;
import dev.samos.function.Satisfied;
import dev.samos.function.ValidationContext;
import dev.samos.function.Validator;

/**
 * At least {@code gb} GB of RAM available on the worker. A GB is 2<sup>30</sup> bytes, as in Pythagoras's
 * {@code unused_ram}; "available" is what the OS can give new work without swapping ({@link Resources#freeRamBytes}).
 */
public record UnusedRam(double gb) implements Validator {

    public UnusedRam {
        Numbers.requireNonNegative(gb, "unusedRam: gb");
    }

    @Override
    public Outcome check(ValidationContext context) {
        double free = context.resources().freeRamBytes() / Numbers.BYTES_PER_GB;
        if (free >= gb) {
            return new Satisfied(describe() + ": ok, " + Numbers.measured(free) + " GB free");
        }
        return new NotSatisfied(describe() + ": only " + Numbers.measured(free) + " GB free");
    }

    @Override
    public String describe() {
        return "unusedRam(" + Numbers.requirement(gb) + " GB)";
    }
}
