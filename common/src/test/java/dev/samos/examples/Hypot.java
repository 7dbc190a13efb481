package dev.samos.examples;

import dev.samos.function.TypedFunction;

/** The typed form: arguments are a record, checked by the compiler at the call site. */
public final class Hypot implements TypedFunction<Hypot.Sides, Double> {

    public record Sides(double a, double b) {
    }

    @Override
    public Double apply(Sides sides) {
        return Math.sqrt(sides.a() * sides.a() + sides.b() * sides.b());
    }
}
