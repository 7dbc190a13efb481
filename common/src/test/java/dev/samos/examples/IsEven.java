package dev.samos.examples;

import dev.samos.function.Kwargs;
import dev.samos.function.PureFunction;

/** Pythagoras README: mutual recursion; isOdd and isEven arrive as arguments. */
public final class IsEven implements PureFunction {

    @Override
    public Object call(Kwargs kwargs) {
        long n = kwargs.getLong("n");
        if (n == 0 || n == 2) {
            return true;
        }
        return kwargs.getFunction("isOdd").call("n", n - 1, "isEven", kwargs.get("isEven"),
                "isOdd", kwargs.get("isOdd"));
    }
}
