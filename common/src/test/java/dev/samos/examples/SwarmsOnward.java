package dev.samos.examples;

import dev.samos.function.Kwargs;
import dev.samos.function.Pure;
import dev.samos.function.PureFunction;

/**
 * Runaway recursion through the queue: swarms itself with {@code n + 1} and returns {@code n} at once, so no call
 * waits on another and every swarmed task is the root call of the worker that runs it.
 */
public final class SwarmsOnward implements PureFunction {

    @Override
    public Object call(Kwargs kwargs) {
        long n = kwargs.getLong("n");
        Pure.of(SwarmsOnward.class).swarm("n", n + 1);
        return n;
    }
}
