package dev.samos.examples;

import dev.samos.function.Kwargs;
import dev.samos.function.Pure;
import dev.samos.function.PureFunction;
import java.util.ArrayList;
import java.util.List;

/** Pythagoras README: a function that takes another function as an argument. */
public final class MyMap implements PureFunction {

    @Override
    public Object call(Kwargs kwargs) {
        Pure transformer = kwargs.getFunction("transformer");
        List<Object> result = new ArrayList<>();
        for (Object element : kwargs.getList("inputList")) {
            result.add(transformer.call("x", element));
        }
        return result;
    }
}
