package dev.samos.examples;

import dev.samos.function.Kwargs;
import dev.samos.function.PureFunction;

/** Pythagoras README: x * x. */
public final class MySquare implements PureFunction {

    @Override
    public Object call(Kwargs kwargs) {
        long x = kwargs.getLong("x");
        return x * x;
    }
}
