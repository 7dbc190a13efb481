package dev.samos.function;

/**
 * What a validator found. Outcomes are records of values, so an execution record can keep them.
 */
public sealed interface Outcome permits Satisfied, NotSatisfied, RunFirst {

    /** For people: what was checked and what was found, e.g. {@code unusedRam(4.0 GB): only 1.2 GB free}. */
    String detail();

    default boolean isSatisfied() {
        return this instanceof Satisfied;
    }
}
