package dev.samos.examples;

import dev.samos.function.Kwargs;
import dev.samos.function.Pure;
import dev.samos.function.PureFunction;

/** 0 + 1 + … + n, recursively through the portal: the recursion guard's test subject. */
public final class SumTo implements PureFunction {

    @Override
    public Object call(Kwargs kwargs) {
        long n = kwargs.getLong("n");
        return n <= 0 ? 0L : n + Pure.of(SumTo.class).call(Long.class, "n", n - 1);
    }
}
