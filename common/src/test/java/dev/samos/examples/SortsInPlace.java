package dev.samos.examples;

import dev.samos.function.Kwargs;
import dev.samos.function.PureFunction;
import java.util.Collections;
import java.util.List;

/** Sorts its argument in place (a bug in a pure function): it must not change the caller's list. */
public final class SortsInPlace implements PureFunction {

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Object call(Kwargs kwargs) {
        List values = kwargs.getList("values");
        Collections.sort(values);
        return values.getFirst();
    }
}
