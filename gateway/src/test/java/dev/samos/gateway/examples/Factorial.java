package dev.samos.gateway.examples;

import dev.samos.function.Kwargs;
import dev.samos.function.Pure;
import dev.samos.function.PureFunction;
import java.math.BigInteger;

public final class Factorial implements PureFunction {
    @Override
    public Object call(Kwargs kwargs) {
        long n = kwargs.getLong("n");
        return n <= 1 ? BigInteger.ONE
                : Pure.of(Factorial.class).call(BigInteger.class, "n", n - 1).multiply(BigInteger.valueOf(n));
    }
}
