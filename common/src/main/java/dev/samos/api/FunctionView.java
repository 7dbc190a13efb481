package dev.samos.api;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A function as the API shows it.
 *
 * @param address the function address (the address of the function as a value: bundle + fixed kwargs)
 * @param name the function's name
 * @param bundle the address of its function bundle (normalized bytecode)
 * @param fixed kwargs fixed by partial application, in the JSON form of values
 * @param parameters the arguments of a typed function (name and Java type), or null for free kwargs
 * @param preValidators pre-validators, described
 * @param postValidators post-validators, described
 * @param autonomy {@code strict}, or the reason given for the impure tier
 * @param autonomyWarnings what the autonomy check found but the impure tier let through
 * @param source the Java source, where it was given (kept while this gateway runs)
 */
public record FunctionView(String address, String name, String bundle, JsonNode fixed, List<Parameter> parameters,
        List<String> preValidators, List<String> postValidators, String autonomy, List<String> autonomyWarnings,
        String source) {

    /** One argument of a typed function. */
    public record Parameter(String name, String type) {
    }
}
