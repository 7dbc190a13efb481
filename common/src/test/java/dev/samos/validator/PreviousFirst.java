package dev.samos.validator;

import dev.samos.function.Kwargs;
import dev.samos.function.PureFunction;
import java.util.Map;

/** A user validator declaring a prerequisite: the call with n − 1 runs first. */
public final class PreviousFirst implements PureFunction {

    @Override
    public Object call(Kwargs kwargs) {
        long n = ((Number) kwargs.getMap("kwargs").get("n")).longValue();
        if (n <= 1) {
            return true;
        }
        return Map.of("runFirst", kwargs.getFunction("function"), "kwargs", Map.of("n", n - 1),
                "reason", "n - 1 first");
    }
}
