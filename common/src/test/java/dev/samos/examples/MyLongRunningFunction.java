package dev.samos.examples;

import dev.samos.function.Kwargs;
import dev.samos.function.PureFunction;

/** Pythagoras README: a slow function, called with named arguments only. */
public final class MyLongRunningFunction implements PureFunction {

    @Override
    public Object call(Kwargs kwargs) throws InterruptedException {
        double a = kwargs.getDouble("a");
        double b = kwargs.getDouble("b");
        System.out.println("computing " + a + " + 10 * " + b);
        Thread.sleep(kwargs.has("sleepMillis") ? kwargs.getLong("sleepMillis") : 500);
        return a + 10 * b;
    }
}
