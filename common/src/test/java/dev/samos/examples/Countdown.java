package dev.samos.examples;

import dev.samos.function.Kwargs;
import dev.samos.function.Pure;
import dev.samos.function.PureFunction;

/** Deep recursion: countdown(n) = countdown(n - 1) + 1, n levels of nested memoized calls. */
public final class Countdown implements PureFunction {

    @Override
    public Object call(Kwargs kwargs) {
        long n = kwargs.getLong("n");
        return n == 0 ? 0L : Pure.of(Countdown.class).call(Long.class, "n", n - 1) + 1;
    }
}
