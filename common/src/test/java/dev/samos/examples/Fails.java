package dev.samos.examples;

import dev.samos.function.Kwargs;
import dev.samos.function.PureFunction;

/** Throws when asked to: failures are recorded, never memoized. */
public final class Fails implements PureFunction {

    @Override
    public Object call(Kwargs kwargs) {
        if (kwargs.getBoolean("fail")) {
            System.err.println("about to fail");
            throw new IllegalStateException("asked to fail");
        }
        return "fine";
    }
}
