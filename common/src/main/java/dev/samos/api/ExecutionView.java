package dev.samos.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.samos.execution.ExecutionStatus;
import tools.jackson.databind.JsonNode;

/**
 * An execution as the API shows it: the answer of a call, a swarm, a status read and a cancel.
 *
 * @param execution its address
 * @param status where it is
 * @param result the result in the JSON form of values, when DONE and included
 * @param attempts how many attempts are recorded (given by the execution endpoints; calls leave it out)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExecutionView(String execution, ExecutionStatus status, JsonNode result, Integer attempts) {
}
