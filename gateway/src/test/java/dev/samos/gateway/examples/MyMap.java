package dev.samos.gateway.examples;

import dev.samos.function.Kwargs;
import dev.samos.function.Pure;
import dev.samos.function.PureFunction;
import java.util.ArrayList;
import java.util.List;

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
