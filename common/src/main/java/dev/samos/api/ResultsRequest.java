package dev.samos.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * {@code POST /api/v1/executions/results}: the results of many executions (collecting a swarm).
 *
 * @param executions execution addresses; the results come in this order
 * @param waitMillis how long the gateway may wait for them all (at most its call timeout); absent means 0
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ResultsRequest(List<String> executions, Long waitMillis) {
}
