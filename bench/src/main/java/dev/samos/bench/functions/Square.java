package dev.samos.bench.functions;

import dev.samos.function.Kwargs;
import dev.samos.function.PureFunction;

/** The trivial function the portal benchmarks call: x * x. */
public final class Square implements PureFunction {

    @Override
    public Object call(Kwargs kwargs) {
        long x = kwargs.getLong("x");
        return x * x;
    }
}
