package dev.samos.gateway.api;

import dev.samos.function.Kwargs;
import dev.samos.function.PureFunction;

/** Sleeps {@code millis} and answers it: a slow call that stops at once when interrupted (at its time limit). */
public final class Nap implements PureFunction {

    @Override
    public Object call(Kwargs kwargs) throws InterruptedException {
        Thread.sleep(kwargs.getLong("millis"));
        return kwargs.getLong("millis");
    }
}
