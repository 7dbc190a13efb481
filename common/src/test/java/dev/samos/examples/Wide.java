package dev.samos.examples;

import dev.samos.function.Kwargs;
import dev.samos.function.Pure;
import dev.samos.function.PureFunction;

/** Many shallow calls under one root: itself on each {@code leaf} 0 … {@code count - 1}, whose squares it sums. */
public final class Wide implements PureFunction {

    @Override
    public Object call(Kwargs kwargs) {
        if (kwargs.has("leaf")) {
            long leaf = kwargs.getLong("leaf");
            return leaf * leaf;
        }
        long count = kwargs.getLong("count");
        long sum = 0;
        for (long x = 0; x < count; x++) {
            sum += Pure.of(Wide.class).call(Long.class, "count", 0L, "leaf", x);
        }
        return sum;
    }
}
