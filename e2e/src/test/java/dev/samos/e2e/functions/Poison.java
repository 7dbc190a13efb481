package dev.samos.e2e.functions;

import dev.samos.function.Kwargs;
import dev.samos.function.PureFunction;

/** Fails every time. */
public final class Poison implements PureFunction {
    @Override
    public Object call(Kwargs kwargs) {
        throw new IllegalStateException("poison " + kwargs.get("x"));
    }
}
