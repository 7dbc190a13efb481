package dev.samos.function;

import java.util.Objects;

/**
 * The condition does not hold on this worker now: {@code unusedRam(4.0 GB): only 1.2 GB free}. Another worker, or
 * this one later, may satisfy it, so the task is handed back, never dropped.
 */
public record NotSatisfied(String reason) implements Outcome {

    public NotSatisfied {
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String detail() {
        return reason;
    }
}
