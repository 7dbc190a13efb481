package dev.samos.gateway.api;

import tools.jackson.databind.JsonNode;

/**
 * An execution as the API shows it.
 *
 * @param execution its address
 * @param status PENDING, RUNNING, DONE or FAILED
 * @param result the result in the JSON form of values, when DONE and included
 * @param attempts how many attempts are recorded (given by the execution endpoints; calls leave it out)
 */
@com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
public record ExecutionView(String execution, String status, JsonNode result, Integer attempts) {
}
