package dev.samos.gateway.examples;

import dev.samos.function.Kwargs;
import dev.samos.function.PureFunction;

public final class Fails implements PureFunction {
    @Override
    public Object call(Kwargs kwargs) {
        throw new IllegalStateException("asked to fail for " + kwargs.get("x"));
    }
}
