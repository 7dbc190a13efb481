package dev.samos.execution;

import dev.samos.address.ValueAddress;
import java.util.List;

/**
 * Everything known about one execution: its function and arguments (by address), its status, its result (by
 * address, once DONE; else null) and every attempt.
 */
public record ExecutionRecord(ExecutionAddress address, ValueAddress function, ValueAddress kwargs,
        ExecutionStatus status, ValueAddress result, List<Attempt> attempts) {

    public ExecutionRecord {
        java.util.Objects.requireNonNull(address, "address");
        java.util.Objects.requireNonNull(status, "status");
        attempts = List.copyOf(attempts);
    }
}
