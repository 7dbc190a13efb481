package dev.samos.portal;

import dev.samos.address.ValueAddress;
import dev.samos.execution.Attempt;
import dev.samos.execution.ExecutionAddress;
import dev.samos.function.ArgumentException;
import dev.samos.function.FunctionFailedException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

/** One run of a function, before anything is written: its result (and address) or its failure, and its output. */
record Ran(Object result, ValueAddress resultAddress, Throwable failure, String trace, long start, long end,
        OutputCapture.Buffers buffers, List<String> validation, boolean declined) {

    /** Characters of a stack trace kept in a record: a failure deep in nested calls has one cause per level. */
    static final int TRACE_LIMIT = 64 * 1024;

    static Ran failed(Throwable failure, long start, long end, OutputCapture.Buffers buffers) {
        StringWriter trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        String text = trace.toString();
        if (text.length() > TRACE_LIMIT) {
            text = text.substring(0, TRACE_LIMIT) + "\n[… " + (text.length() - TRACE_LIMIT) + " more characters cut]";
        }
        return new Ran(null, null, failure, text, start, end, buffers, List.of(), false);
    }

    /** A run that did not happen: a pre-validator declined (or asked for another call first). */
    static Ran declined(long at, List<String> validation) {
        return new Ran(null, null, null, null, at, at, OutputCapture.Buffers.empty(), validation, true);
    }

    /** Not started at all: its worker gave it back unstarted (the settlement's attempt record says why). */
    static Ran unstarted(long at) {
        return new Ran(null, null, null, null, at, at, OutputCapture.Buffers.empty(), List.of(), true);
    }

    boolean succeeded() {
        return failure == null && !declined;
    }

    /** This run, with the pre-validators' outcomes before its own. */
    Ran validated(List<String> outcomes) {
        List<String> all = new ArrayList<>(outcomes);
        all.addAll(validation);
        return new Ran(result, resultAddress, failure, trace, start, end, buffers, all, declined);
    }

    /** This run failed after all, e.g. its result could not be stored. */
    Ran failing(Throwable cause, long at) {
        return failed(cause, start, at, buffers);
    }

    /**
     * A task whose tries were used up by workers that stopped without recording them: it is not run again (it may
     * be what killed them), and this run is its final failure.
     */
    static Ran lost(ExecutionAddress address, long tries, long at) {
        return failed(new WorkerLostException(address + ": its worker stopped without recording the attempt, "
                + (tries - 1) + " time(s) in all (killed, out of memory, or its machine lost); it is not run again"),
                at, at, OutputCapture.Buffers.empty());
    }

    Attempt attempt(long number, String worker) {
        Attempt.Outcome outcome = declined ? Attempt.Outcome.NOT_RUN : outcomeOf(failure);
        return new Attempt(number, worker, start, end, outcome, buffers.stdout(), buffers.stderr(),
                failure == null ? null : failure.getClass().getName(),
                failure == null ? null : failure.getMessage(), trace, validation);
    }

    private static Attempt.Outcome outcomeOf(Throwable failure) {
        return switch (failure) {
            case null -> Attempt.Outcome.DONE;
            case TimeLimitException t -> Attempt.Outcome.TIMED_OUT;
            case OutOfMemoryError e -> Attempt.Outcome.OUT_OF_MEMORY;
            case WorkerLostException l -> Attempt.Outcome.LOST;
            case AttemptCancelledException c -> Attempt.Outcome.CANCELLED;
            default -> Attempt.Outcome.FAILED;
        };
    }

    /** What a caller sees: the argument error as it is, anything else as a FunctionFailedException. */
    RuntimeException forCaller(ExecutionAddress address) {
        if (failure instanceof ArgumentException badArguments) {
            return badArguments; // the caller's mistake, named: not a failure of the function's code
        }
        if (failure instanceof FunctionFailedException inner) {
            // A call inside failed: its caller names the first failure, not a message wrapped once per level.
            return new FunctionFailedException(address.toString(), inner.exceptionClass(), inner.exceptionMessage(),
                    trace, failure);
        }
        return new FunctionFailedException(address.toString(), failure.getClass().getName(), failure.getMessage(),
                trace, failure);
    }
}
