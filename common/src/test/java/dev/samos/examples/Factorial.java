package dev.samos.examples;

import dev.samos.function.Kwargs;
import dev.samos.function.Pure;
import dev.samos.function.PureFunction;
import java.math.BigInteger;

/** Pythagoras README: recursion; every inner call is memoized too. */
public final class Factorial implements PureFunction {

    @Override
    public Object call(Kwargs kwargs) {
        long n = kwargs.getLong("n");
        if (n <= 1) {
            return BigInteger.ONE;
        }
        BigInteger rest = Pure.of(Factorial.class).call(BigInteger.class, "n", n - 1);
        return rest.multiply(BigInteger.valueOf(n));
    }
}
