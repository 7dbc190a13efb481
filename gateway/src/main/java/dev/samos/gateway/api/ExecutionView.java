package dev.samos.gateway.api;

import tools.jackson.databind.JsonNode;

/**
 * An execution as the API shows it.
 *
 * @param execution its address
 * @param status PENDING, RUNNING, DONE or FAILED
 * @param result the result in the JSON form of values, when DONE and included
 * @param attempts how many attempts are recorded
 */
public record ExecutionView(String execution, String status, JsonNode result, int attempts) {
}
