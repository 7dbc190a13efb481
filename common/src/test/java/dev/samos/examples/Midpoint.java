package dev.samos.examples;

import dev.samos.function.Kwargs;
import dev.samos.function.PureFunction;

/** Returns a record: remote callers get the record class back, not a generic form. */
public final class Midpoint implements PureFunction {

    public record Point(double x, double y) {
    }

    @Override
    public Object call(Kwargs kwargs) {
        return new Point((kwargs.getDouble("x1") + kwargs.getDouble("x2")) / 2,
                (kwargs.getDouble("y1") + kwargs.getDouble("y2")) / 2);
    }
}
