package dev.samos.portalservice.cluster;

import dev.samos.function.Kwargs;
import dev.samos.function.PureFunction;
import java.util.SplittableRandom;

/**
 * A pure function whose every run leaves an attempt record of its own (it prints the time it ran, so a recomputation
 * is a record that differs). {@code big=true} answers 8 KiB of incompressible bytes (stored as a value, not inline
 * in the index); else {@code x * x} (inline).
 */
public final class Counted implements PureFunction {

    @Override
    public Object call(Kwargs kwargs) {
        long x = kwargs.getLong("x");
        System.out.println("computing x=" + x + " at " + System.nanoTime());
        return Boolean.TRUE.equals(kwargs.get("big")) ? big(x) : x * x;
    }

    /** The big answer for {@code x}. */
    public static byte[] big(long x) {
        byte[] bytes = new byte[8192];
        new SplittableRandom(x).nextBytes(bytes);
        return bytes;
    }
}
