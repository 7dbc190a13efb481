package dev.samos.gateway.examples;

import dev.samos.function.Kwargs;
import dev.samos.function.PureFunction;

public final class IsOdd implements PureFunction {
    @Override
    public Object call(Kwargs kwargs) {
        long n = kwargs.getLong("n");
        return n != 0 && n != 2 && (Boolean) kwargs.getFunction("isEven").call("n", n - 1,
                "isEven", kwargs.get("isEven"), "isOdd", kwargs.get("isOdd"));
    }
}
