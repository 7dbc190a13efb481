package dev.samos.function;

import java.util.function.BiPredicate;

/**
 * What a validator may look at: the call being validated, the worker's resources, and what is stored already. The
 * portal builds one for each call it validates ({@code dev.samos.portal.ValidationStep.onPortal} for a call on a
 * given portal); {@link #of} builds one from parts, e.g. for a test.
 */
public interface ValidationContext {

    /** The function being executed, with its fixed kwargs. */
    Pure function();

    /** Every kwarg of the call, the function's fixed ones included. */
    Kwargs kwargs();

    /** What this worker has. */
    Resources resources();

    /**
     * Whether the result of {@code function} called with {@code kwargs} is stored in the portal already. The kwargs
     * are taken as {@code Portal.call} takes them: in addition to the function's fixed kwargs. Fixed or passed, an
     * argument counts the same, so {@code isStored(f.unfixed(), allKwargs)} asks about the same execution.
     */
    boolean isStored(Pure function, Kwargs kwargs);

    /** For post-validators, the result of the execution; null before it runs (and when the result is null). */
    Object result();

    /** A context from its parts; {@code isStored} answers {@link #isStored}. */
    static ValidationContext of(Pure function, Kwargs kwargs, Resources resources,
            BiPredicate<Pure, Kwargs> isStored, Object result) {
        return new SimpleValidationContext(function, kwargs, resources, isStored, result);
    }
}
