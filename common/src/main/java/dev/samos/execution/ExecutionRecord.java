package dev.samos.execution;

import java.util.List;

/**
 * Everything known about one execution: its function and arguments (by address), its status, its result (by
 * address, once DONE) and every attempt.
 */
public record ExecutionRecord(ExecutionAddress address, String function, String kwargs, ExecutionStatus status,
        String result, List<Attempt> attempts) {

    public ExecutionRecord {
        attempts = List.copyOf(attempts);
    }
}
