package dev.samos.validator;

import dev.samos.execution.ExecutionStatus;
import dev.samos.function.Kwargs;
import dev.samos.function.Pure;
import dev.samos.portal.Portal;
import java.util.Objects;
import java.util.function.BiPredicate;

/** What a validator may look at: the call being validated, the worker's resources, and what is stored already. */
public interface ValidationContext {

    /** The function being executed, with its fixed kwargs. */
    Pure function();

    /** Every kwarg of the call, the function's fixed ones included. */
    Kwargs kwargs();

    /** What this worker has. */
    Resources resources();

    /**
     * Whether the result of {@code function} called with {@code kwargs} is stored in the portal already. The kwargs
     * are taken as {@link Portal#call} takes them: in addition to the function's fixed kwargs. Fixed or passed, an
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

    /**
     * A context for a call on {@code portal} on this machine ({@link Resources#system()}).
     *
     * @param callKwargs the kwargs as passed to {@link Portal#call}: without the function's fixed ones, which are
     *     merged in here
     */
    static ValidationContext onPortal(Portal portal, Pure function, Kwargs callKwargs, Object result) {
        Objects.requireNonNull(portal, "portal");
        return of(function, function.fixedKwargs().merge(callKwargs), Resources.system(),
                (f, k) -> portal.record(portal.executionAddress(f, k))
                        .map(r -> r.status() == ExecutionStatus.DONE)
                        .orElse(false),
                result);
    }
}
