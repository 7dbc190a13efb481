package dev.samos.api;

import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/v1/functions/{function}/batch}: many swarmed calls of one function (the cluster's map).
 *
 * @param calls the kwargs of each call, in order
 */
public record BatchRequest(List<Map<String, JsonNode>> calls) {
}
