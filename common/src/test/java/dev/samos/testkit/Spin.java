package dev.samos.testkit;

import dev.samos.function.Kwargs;
import dev.samos.function.PureFunction;

/** Busy for {@code n} steps, deaf to interrupts: a slow task, or a runaway past a time limit. */
public final class Spin implements PureFunction {
    @Override
    public Object call(Kwargs kwargs) {
        long n = ((Number) kwargs.get("n")).longValue();
        long acc = ((Number) kwargs.get("seed")).longValue();
        for (long i = 0; i < n; i++) {
            acc += (i * 31) % 7;
        }
        return acc;
    }
}
