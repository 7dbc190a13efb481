package dev.samos.cache;

import dev.samos.function.Kwargs;
import dev.samos.function.Pure;
import dev.samos.function.PureFunction;
import java.math.BigInteger;

/** PySpeedup's fibonacci (fib(0) = fib(1) = 1) as a pure function: its inner calls are memoized by the portal. */
public final class Fibonacci implements PureFunction {

    @Override
    public Object call(Kwargs kwargs) {
        long n = kwargs.getLong("n");
        if (n < 2) {
            return BigInteger.ONE;
        }
        Pure self = Pure.of(Fibonacci.class);
        return self.call(BigInteger.class, "n", n - 1).add(self.call(BigInteger.class, "n", n - 2));
    }
}
