package dev.samos.testkit;

import dev.samos.function.Kwargs;
import dev.samos.function.PureFunction;

/** x². */
public final class Square implements PureFunction {
    @Override
    public Object call(Kwargs kwargs) {
        long x = ((Number) kwargs.get("x")).longValue();
        return x * x;
    }
}
