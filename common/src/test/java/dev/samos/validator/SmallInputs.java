package dev.samos.validator;

import dev.samos.function.Kwargs;
import dev.samos.function.PureFunction;

/** A user validator: calls with n below 100 only; post-validation also wants a positive result. */
public final class SmallInputs implements PureFunction {

    @Override
    public Object call(Kwargs kwargs) {
        long n = ((Number) kwargs.getMap("kwargs").get("n")).longValue();
        Object result = kwargs.get("result");
        return n < 100 && (result == null || ((Number) result).longValue() > 0);
    }
}
