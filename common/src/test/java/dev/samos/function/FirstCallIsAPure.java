package dev.samos.function;

import dev.samos.examples.MySquare;

/**
 * A program whose first Samos line is a {@code Pure}: no portal class is touched before, so the call must find the
 * default portal through {@link CurrentCaller}'s late binding. Run in its own JVM by {@link CurrentCallerTest}.
 */
public final class FirstCallIsAPure {

    private FirstCallIsAPure() {
    }

    public static void main(String[] args) {
        System.out.println("RESULT " + Pure.of(MySquare.class).call("x", 12));
        System.exit(0);     // the default portal stays open for the life of a program; this one is done
    }
}
