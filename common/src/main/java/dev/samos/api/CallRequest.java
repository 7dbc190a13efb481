package dev.samos.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/v1/functions/{function}/calls}: one synchronous call.
 *
 * @param kwargs argument name to value (JSON form of values); absent means none
 * @param timeoutMillis how long to wait for the result before answering 202 (at most the gateway's call timeout);
 *        the call goes on
 * @param timeLimitMillis how long one attempt of this call may run, in milliseconds (at least 1, at most the
 *        operator's maximum), overriding the function's own limit; null: the function's, else the operator's
 *        default. Identical calls are one execution: the limit of the request that started it holds
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CallRequest(Map<String, JsonNode> kwargs, Long timeoutMillis, Long timeLimitMillis) {
}
