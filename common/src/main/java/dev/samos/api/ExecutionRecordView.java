package dev.samos.api;

import dev.samos.execution.ExecutionStatus;
import java.util.List;

/**
 * Everything recorded about an execution ({@code GET /api/v1/executions/{execution}/record}).
 *
 * @param execution its address
 * @param status where it is
 * @param function the function's address
 * @param kwargs the address of its kwargs
 * @param result the result's value address once DONE, else empty
 * @param attempts every attempt, in order
 */
public record ExecutionRecordView(String execution, ExecutionStatus status, String function, String kwargs,
        String result, List<AttemptView> attempts) {
}
