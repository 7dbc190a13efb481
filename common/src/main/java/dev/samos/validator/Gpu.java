package dev.samos.validator;

import dev.samos.function.NotSatisfied;
import dev.samos.function.Outcome;
import dev.samos.function.Resources;
import dev.samos.function.Satisfied;
import dev.samos.function.ValidationContext;
import dev.samos.function.Validator;

/** At least {@code count} GPUs on the worker; what counts as a GPU is {@link Resources#gpuCount}'s definition. */
public record Gpu(int count) implements Validator {

    public Gpu {
        if (count < 0) {
            throw new IllegalArgumentException("gpu: count must be ≥ 0, got " + count);
        }
    }

    @Override
    public Outcome check(ValidationContext context) {
        int found = context.resources().gpuCount();
        if (found >= count) {
            return new Satisfied(describe() + ": ok, " + gpus(found) + " found");
        }
        return new NotSatisfied(describe() + ": " + (found == 0 ? "no GPU" : "only " + gpus(found)) + " found");
    }

    private static String gpus(int n) {
        return n + (n == 1 ? " GPU" : " GPUs");
    }

    @Override
    public String describe() {
        return "gpu(" + count + ")";
    }
}
