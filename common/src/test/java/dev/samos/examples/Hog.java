package dev.samos.examples;

import dev.samos.function.Kwargs;
import dev.samos.function.PureFunction;
import java.util.ArrayList;
import java.util.List;

/** Holds {@code megabytes} of memory at once: past a worker's heap it runs out of memory. */
public final class Hog implements PureFunction {

    @Override
    public Object call(Kwargs kwargs) {
        long megabytes = kwargs.getLong("megabytes");
        List<byte[]> held = new ArrayList<>();
        for (long i = 0; i < megabytes; i++) {
            held.add(new byte[1 << 20]);
        }
        return (long) held.size();
    }
}
