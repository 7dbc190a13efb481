package dev.samos.examples;

import dev.samos.function.Kwargs;
import dev.samos.function.PureFunction;

/** Prints {@code lines} lines to stdout and one to stderr, then answers how many it printed. */
public final class Chatty implements PureFunction {

    @Override
    public Object call(Kwargs kwargs) {
        long lines = kwargs.getLong("lines");
        for (long i = 0; i < lines; i++) {
            System.out.println("line " + i + " of a function that prints too much");
        }
        System.err.println("done printing");
        return lines;
    }
}
