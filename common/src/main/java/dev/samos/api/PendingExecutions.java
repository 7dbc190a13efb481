package dev.samos.api;

import java.util.List;

/**
 * The executions not yet done when the wait ended (202 of {@code POST /api/v1/executions/results}): ask again.
 *
 * @param pending execution addresses
 */
public record PendingExecutions(List<String> pending) {
}
