package dev.samos.api;

import java.util.List;

/**
 * The answer of a batch: the execution addresses of its calls, in order.
 *
 * @param executions execution addresses
 */
public record ExecutionList(List<String> executions) {
}
