package dev.samos.testkit;

import dev.samos.function.Kwargs;
import dev.samos.function.PureFunction;

/** Fails every time. */
public final class Poison implements PureFunction {
    @Override
    public Object call(Kwargs kwargs) {
        throw new IllegalStateException("poison " + kwargs.get("x"));
    }
}
