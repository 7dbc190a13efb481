package dev.samos.pipeline;

import dev.samos.function.Kwargs;
import dev.samos.function.PureFunction;

/** A pure stage for the memoized-pipeline tests: 3x. */
public final class Triple implements PureFunction {

    @Override
    public Object call(Kwargs kwargs) {
        return 3 * kwargs.getLong("x");
    }
}
