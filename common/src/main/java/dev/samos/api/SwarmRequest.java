package dev.samos.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/v1/functions/{function}/swarm}: one swarmed call.
 *
 * @param kwargs argument name to value (JSON form of values); absent means none
 * @param timeLimitMillis how long one attempt of this call may run, in milliseconds, as in {@link CallRequest}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SwarmRequest(Map<String, JsonNode> kwargs, Long timeLimitMillis) {
}
