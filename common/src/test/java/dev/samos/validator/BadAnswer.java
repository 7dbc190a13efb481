package dev.samos.validator;

import dev.samos.function.Kwargs;
import dev.samos.function.PureFunction;

/** A user validator that answers something that is not a verdict. */
public final class BadAnswer implements PureFunction {

    @Override
    public Object call(Kwargs kwargs) {
        return "yes";
    }
}
