package dev.samos.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/v1/functions/{function}/calls}: one synchronous call.
 *
 * @param kwargs argument name to value (JSON form of values); absent means none
 * @param timeoutMillis how long to wait for the result before answering 202 (at most the gateway's call timeout)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CallRequest(Map<String, JsonNode> kwargs, Long timeoutMillis) {
}
