package dev.samos.examples;

import dev.samos.function.Kwargs;
import dev.samos.function.PureFunction;

/** Pythagoras README: mutual recursion; isOdd and isEven arrive as arguments. */
public final class IsOdd implements PureFunction {

    @Override
    public Object call(Kwargs kwargs) {
        long n = kwargs.getLong("n");
        if (n == 0 || n == 2) {
            return false;
        }
        return kwargs.getFunction("isEven").call("n", n - 1, "isOdd", kwargs.get("isOdd"),
                "isEven", kwargs.get("isEven"));
    }
}
