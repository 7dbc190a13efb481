package dev.samos.api;

import dev.samos.execution.ExecutionStatus;

/**
 * The data of one {@code status} event of {@code GET /api/v1/executions/{execution}/events}.
 *
 * @param execution the execution's address
 * @param status its new status
 */
public record StatusEvent(String execution, ExecutionStatus status) {
}
