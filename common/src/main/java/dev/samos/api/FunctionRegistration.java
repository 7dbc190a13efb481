package dev.samos.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/v1/functions}: a pure function to register, given as Java source (compiled, normalized and
 * autonomy-checked by the gateway) or as a bundle value (what the Java client ships); exactly one of the two.
 *
 * @param source the Java source of a class implementing {@code dev.samos.function.PureFunction}
 * @param bundle a function bundle in the JSON form of values
 * @param impure the reason the function is impure but memoizable (the impure tier), or null for strict
 * @param allow class-name prefixes of libraries the function may use, e.g. {@code org.example.lib.}
 * @param timeLimitMillis how long one attempt of each call of the function may run, in milliseconds (at least 1, at
 *        most the operator's maximum), or null for the operator's default: a {@code TimeLimit} validator on the
 *        function, so it changes the function's address but no call's
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FunctionRegistration(String source, JsonNode bundle, String impure, List<String> allow,
        Long timeLimitMillis) {
}
