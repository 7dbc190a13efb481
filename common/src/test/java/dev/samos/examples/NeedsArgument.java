package dev.samos.examples;

import dev.samos.function.Kwargs;
import dev.samos.function.PureFunction;

/** Has no no-argument constructor: a portal cannot make an instance, so it refuses it when it is registered. */
public final class NeedsArgument implements PureFunction {

    private final long offset;

    public NeedsArgument(long offset) {
        this.offset = offset;
    }

    @Override
    public Object call(Kwargs kwargs) {
        return kwargs.getLong("x") + offset;
    }
}
