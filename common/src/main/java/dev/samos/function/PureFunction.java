package dev.samos.function;

/**
 * A pure function: its result depends only on its named arguments, so Samos computes it once per distinct call and
 * stores the result forever. Implement it in a class with a public no-argument constructor; the class's normalized
 * bytecode (and its nested classes) is the function's identity.
 *
 * <pre>{@code
 * public final class Square implements PureFunction {
 *     public Object call(Kwargs kwargs) {
 *         long x = kwargs.getLong("x");
 *         return x * x;
 *     }
 * }
 * }</pre>
 *
 * Arguments are named only, and every argument and the result is a value (docs/values.md). Other pure functions
 * are called through {@link Pure}, so their calls are memoized too.
 */
@FunctionalInterface
public interface PureFunction {

    Object call(Kwargs kwargs) throws Exception;
}
