package dev.samos.function;

/**
 * A pre- or post-condition of an execution: free RAM, idle CPU cores, GPUs, classes present on the worker, a
 * recursion guard, or a user's own check. Validators are <b>not</b> part of the execution address: the same call
 * with other validators is the same call, with the same stored result.
 *
 * <p>Implementations are records whose components are values (docs/values.md), so a validator is a value: it is
 * stored with its function, has an address and is shipped to workers. A worker can only run a validator whose class
 * it has; the validators of {@code dev.samos.validator.Validators} are in this library, and a user's own check
 * travels as a pure function ({@code Validators.userValidator}), which any worker can load.
 *
 * <p>This contract (with {@link ValidationContext}, {@link Outcome} and {@link Resources}) sits next to {@link Pure},
 * which holds validators, so functions do not depend on the concrete validators; those are in
 * {@code dev.samos.validator}.
 */
public interface Validator {

    /**
     * Checks the condition on this worker, now. A condition that does not hold is a {@link NotSatisfied}, never an
     * exception: the executor hands the task to another worker. An exception means the validator itself (or the
     * call, e.g. a missing argument) is wrong, and fails the execution.
     */
    Outcome check(ValidationContext context);

    /** What this validator asks for, for logs and execution records: {@code unusedRam(4.0 GB)}. */
    String describe();
}
