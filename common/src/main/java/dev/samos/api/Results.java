package dev.samos.api;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The results of many executions, all DONE, in the order asked (200 of {@code POST /api/v1/executions/results}).
 *
 * @param results each result in the JSON form of values
 */
public record Results(List<JsonNode> results) {
}
