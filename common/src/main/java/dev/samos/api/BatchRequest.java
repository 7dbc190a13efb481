package dev.samos.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/v1/functions/{function}/batch}: many swarmed calls of one function (the cluster's map).
 *
 * @param calls the kwargs of each call, in order
 * @param timeLimitMillis how long one attempt of each of these calls may run, in milliseconds, as in
 *        {@link CallRequest}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BatchRequest(List<Map<String, JsonNode>> calls, Long timeLimitMillis) {
}
