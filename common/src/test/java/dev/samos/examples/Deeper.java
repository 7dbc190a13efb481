package dev.samos.examples;

import dev.samos.function.Kwargs;
import dev.samos.function.Pure;
import dev.samos.function.PureFunction;

/** Runaway recursion through the portal: calls itself with {@code n + 1}, forever. */
public final class Deeper implements PureFunction {

    @Override
    public Object call(Kwargs kwargs) {
        long n = kwargs.getLong("n");
        return Pure.of(Deeper.class).call(Long.class, "n", n + 1);
    }
}
