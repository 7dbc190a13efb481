package dev.samos.gateway.examples;

import dev.samos.function.Kwargs;
import dev.samos.function.PureFunction;

public final class Square implements PureFunction {
    @Override
    public Object call(Kwargs kwargs) {
        long x = kwargs.getLong("x");
        return x * x;
    }
}
