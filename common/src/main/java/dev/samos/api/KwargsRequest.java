package dev.samos.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/v1/functions/{function}/fixed}: kwargs to fix (partial application).
 *
 * @param kwargs argument name to value (JSON form of values); absent means none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record KwargsRequest(Map<String, JsonNode> kwargs) {
}
