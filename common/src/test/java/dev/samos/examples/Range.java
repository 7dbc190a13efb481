package dev.samos.examples;

import dev.samos.function.Kwargs;
import dev.samos.function.PureFunction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Returns mutable containers on purpose: a list 0..n-1, the bytes 0..n-1 and a map, to test what callers may change. */
public final class Range implements PureFunction {

    @Override
    public Object call(Kwargs kwargs) {
        int n = (int) kwargs.getLong("n");
        List<Object> list = new ArrayList<>();
        byte[] bytes = new byte[n];
        for (int i = 0; i < n; i++) {
            list.add((long) i);
            bytes[i] = (byte) i;
        }
        return new java.util.HashMap<>(Map.of("list", list, "bytes", bytes));
    }
}
