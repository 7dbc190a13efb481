package dev.samos.function;

import java.util.Objects;
import java.util.function.BiPredicate;

record SimpleValidationContext(Pure function, Kwargs kwargs, Resources resources,
        BiPredicate<Pure, Kwargs> storedQuery, Object result) implements ValidationContext {

    SimpleValidationContext {
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(kwargs, "kwargs");
        Objects.requireNonNull(resources, "resources");
        Objects.requireNonNull(storedQuery, "isStored");
    }

    @Override
    public boolean isStored(Pure function, Kwargs kwargs) {
        return storedQuery.test(function, kwargs);
    }
}
