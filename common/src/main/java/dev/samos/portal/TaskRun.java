package dev.samos.portal;

import dev.samos.execution.ExecutionAddress;
import java.util.List;

/**
 * What became of a task that a record delivered (see {@link PortalEngine#execute}): what the queue that delivered
 * it should do with the record follows from it — accept it, release it to another worker, publish it again later.
 */
public sealed interface TaskRun {

    ExecutionAddress address();

    /** Nothing to run here: finished already, running under another live lease, unknown, or the lease was lost. */
    record Skipped(ExecutionAddress address, String why) implements TaskRun {
    }

    /** Ran and its result is stored. */
    record Succeeded(ExecutionAddress address, long millis) implements TaskRun {
    }

    /** Failed, to be tried again from {@code notBefore} (epoch ms); the try is counted in the index. */
    record Retrying(ExecutionAddress address, long notBefore, String failure) implements TaskRun {
    }

    /**
     * Not started: this worker is stopping ({@link PortalEngine#drain}); the execution is runnable again at once, and
     * its record should go back to the queue for another worker.
     */
    record Released(ExecutionAddress address) implements TaskRun {
    }

    /** A pre-validator said no on this worker; the execution is pending again for another one. */
    record Declined(ExecutionAddress address, List<String> validation) implements TaskRun {
    }

    /**
     * FAILED for good: its tries are used up, or every live worker declined it. {@code validation} names the
     * validators' verdicts when that is why.
     */
    record Failed(ExecutionAddress address, String reason, List<String> validation) implements TaskRun {
    }
}
