package dev.samos.function;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;

/**
 * The typed form of a pure function: its arguments are the components of a record, so callers get compile-time
 * checks, and the kwargs of a call are bound to the record by component name — a missing, extra or wrongly typed
 * argument is an {@link ArgumentException} naming it.
 *
 * <pre>{@code
 * public final class Hypot implements TypedFunction<Hypot.Sides, Double> {
 *     public record Sides(double a, double b) {}
 *     public Double apply(Sides s) { return Math.sqrt(s.a() * s.a() + s.b() * s.b()); }
 * }
 * double h = portal.pure(Hypot.class).call(Double.class, new Hypot.Sides(3, 4));
 * }</pre>
 *
 * @param <A> the record of arguments
 * @param <R> the result, a value
 */
public interface TypedFunction<A extends Record, R> extends PureFunction {

    R apply(A arguments) throws Exception;

    @Override
    default Object call(Kwargs kwargs) throws Exception {
        return apply(kwargs.bind(argumentType(getClass())));
    }

    /** The record type {@code A} a class implementing this interface declares. */
    @SuppressWarnings("unchecked")
    static <A extends Record> Class<A> argumentType(Class<?> functionClass) {
        for (Class<?> c = functionClass; c != null; c = c.getSuperclass()) {
            for (Type type : c.getGenericInterfaces()) {
                if (type instanceof ParameterizedType p && p.getRawType() == TypedFunction.class
                        && p.getActualTypeArguments()[0] instanceof Class<?> record && record.isRecord()) {
                    return (Class<A>) record;
                }
            }
        }
        throw new IllegalArgumentException(functionClass.getName()
                + " must implement TypedFunction<A, R> with A a record class");
    }
}
