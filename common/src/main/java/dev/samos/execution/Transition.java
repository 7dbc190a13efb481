package dev.samos.execution;

import static dev.samos.execution.ExecutionStatus.DONE;
import static dev.samos.execution.ExecutionStatus.FAILED;
import static dev.samos.execution.ExecutionStatus.PENDING;
import static dev.samos.execution.ExecutionStatus.RUNNING;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The one table of execution states: every way an execution's status may change, named by what causes it. Every
 * execution index implements exactly these (its contract test drives each row from each state), and nothing else
 * moves a status.
 *
 * <pre>
 *                 request                 claim                    succeed
 *   (new) ───────────────────▶ PENDING ──────────▶ RUNNING ─────────────────▶ DONE
 *     │                         ▲   │   ◀──────────  │  │ ▲ claim (lease expired)   │
 *     │ claim                   │   │ retry,         │  │ │                          │ forget result
 *     └─────────────────────────┼───┼─ hand back ────┘  └─┘                          ▼ (value damaged)
 *                               │   │ cancel              fail                      FAILED
 *                   request ────┘   └──────────▶ FAILED ◀───── (RUNNING)        claim ──▶ RUNNING
 *                                     cancel     fail, cancel
 * </pre>
 */
public enum Transition {
    /** A swarm request: a new execution, or a FAILED one asked for again (its tries start over). */
    REQUEST(true, EnumSet.of(FAILED), PENDING),
    /** A caller or worker takes the lease: a new, pending or failed execution, or one whose lease expired. */
    CLAIM(true, EnumSet.of(PENDING, RUNNING, FAILED), RUNNING),
    /** The attempt succeeded and its result is stored. */
    SUCCEED(false, EnumSet.of(RUNNING), DONE),
    /** The attempt failed and will be tried again after a backoff; the try counts. */
    RETRY(false, EnumSet.of(RUNNING), PENDING),
    /** A pre-validator declined on this worker: back to the queue for another, the try not counted. */
    HAND_BACK(false, EnumSet.of(RUNNING), PENDING),
    /** The attempt failed for good (tries exhausted, or a caller's own call failed). */
    FAIL(false, EnumSet.of(RUNNING), FAILED),
    /** Cancelled: before any worker took it, or while it ran (its worker stops the attempt at its next renewal). */
    CANCEL(false, EnumSet.of(PENDING, RUNNING), FAILED),
    /** Its stored result turned out damaged or missing: it is computed again by the next call or request. */
    FORGET_RESULT(false, EnumSet.of(DONE), FAILED);

    private final boolean fromNothing;
    private final Set<ExecutionStatus> from;
    private final ExecutionStatus to;

    Transition(boolean fromNothing, Set<ExecutionStatus> from, ExecutionStatus to) {
        this.fromNothing = fromNothing;
        this.from = from;
        this.to = to;
    }

    /** Whether this transition applies to an execution the index does not know yet (it creates it). */
    public boolean fromNothing() {
        return fromNothing;
    }

    /** The statuses this transition applies to. */
    public Set<ExecutionStatus> from() {
        return EnumSet.copyOf(from);
    }

    /** The status an execution has after it. */
    public ExecutionStatus to() {
        return to;
    }

    /** Whether this transition applies to an execution with status {@code status} (null: one not known yet). */
    public boolean appliesTo(ExecutionStatus status) {
        return status == null ? fromNothing : from.contains(status);
    }

    /** Whether any transition takes an execution from {@code from} (null: not known yet) to {@code to}. */
    public static boolean allowed(ExecutionStatus from, ExecutionStatus to) {
        return transitionsBetween(from, to).isPresent();
    }

    /** The first transition that takes {@code from} (null: not known yet) to {@code to}, if any does. */
    public static Optional<Transition> transitionsBetween(ExecutionStatus from, ExecutionStatus to) {
        for (Transition transition : values()) {
            if (transition.to == to && transition.appliesTo(from)) {
                return Optional.of(transition);
            }
        }
        return Optional.empty();
    }
}
