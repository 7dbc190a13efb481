package dev.samos.gateway.api;

import dev.samos.api.BatchRequest;
import dev.samos.api.CallRequest;
import dev.samos.api.FunctionRegistration;
import dev.samos.api.KwargsRequest;
import dev.samos.api.ResultsRequest;
import dev.samos.api.SwarmRequest;
import dev.samos.function.Kwargs;
import dev.samos.gateway.problem.BadRequestException;
import dev.samos.value.ValueJson;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Reading request bodies with the value model's strict JSON rules (duplicate keys are errors, numbers keep their
 * kind), so a body means on the server exactly what it means in docs/values.md; every error names its field.
 * Each body becomes its request record of {@code dev.samos.api} (the fields it may have are that record's
 * components), read by hand rather than by data binding so that every error names the field at fault.
 */
final class JsonBodies {

    private JsonBodies() {
    }

    /** The body as a JSON object. */
    static JsonNode object(String body) {
        if (body == null || body.isBlank()) {
            throw new BadRequestException("body", "a JSON object is required");
        }
        JsonNode node;
        try {
            node = ValueJson.mapper().readTree(body);
        } catch (JacksonException e) {
            throw new BadRequestException("body", "malformed JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr()));
        }
        if (node == null || !node.isObject()) {
            throw new BadRequestException("body", "must be a JSON object");
        }
        checkDepth(node);
        return node;
    }

    /** Set from {@code samos.gateway.max-value-depth} at startup (one gateway per JVM). */
    static volatile int maxDepth = 64;

    private static void checkDepth(JsonNode root) {
        if (depth(root, 1) > maxDepth) { // the root container is level 1
            throw new BadRequestException("body", "nested deeper than " + maxDepth
                    + " levels (samos.gateway.max-value-depth)");
        }
    }

    /** The nesting depth of a tree, looking no deeper than just past the limit. */
    private static int depth(JsonNode node, int level) {
        if (level > maxDepth || !node.isContainer()) {
            return level;
        }
        int deepest = level;
        for (JsonNode child : node.values()) {
            deepest = Math.max(deepest, depth(child, level + 1));
            if (deepest > maxDepth) {
                break;
            }
        }
        return deepest;
    }

    /** The body as a value in its JSON form. */
    static Object value(String body) {
        if (body == null || body.isBlank()) {
            throw new BadRequestException("body", "a JSON value is required");
        }
        JsonNode node;
        try {
            node = ValueJson.mapper().readTree(body);
        } catch (JacksonException e) {
            throw new BadRequestException("body", "malformed JSON: " + e.getOriginalMessage());
        }
        checkDepth(node);
        return ValueJson.fromJson(node, "value");
    }

    private static String requiredString(JsonNode object, String field) {
        JsonNode node = object.get(field);
        if (node == null || !node.isString() || node.stringValue().isBlank()) {
            throw new BadRequestException(field, "a non-empty string is required");
        }
        return node.stringValue();
    }

    static FunctionRegistration registration(String body, long maxTimeLimitMillis) {
        JsonNode request = object(body);
        onlyFields(request, FunctionRegistration.class);
        String source = request.has("source") ? requiredString(request, "source") : null;
        String impure = request.has("impure") ? requiredString(request, "impure") : null;
        List<String> allow = null;
        JsonNode prefixes = request.get("allow");
        if (prefixes != null) {
            if (!prefixes.isArray()) {
                throw new BadRequestException("allow", "must be an array of class-name prefixes");
            }
            allow = new ArrayList<>();
            for (JsonNode prefix : prefixes) {
                if (!prefix.isString() || prefix.stringValue().isBlank()) {
                    throw new BadRequestException("allow", "must hold non-empty strings");
                }
                allow.add(prefix.stringValue());
            }
        }
        return new FunctionRegistration(source, request.get("bundle"), impure, allow,
                timeLimit(request, maxTimeLimitMillis));
    }

    static CallRequest callRequest(String body, long defaultTimeoutMillis, long maxTimeLimitMillis) {
        JsonNode request = object(body);
        onlyFields(request, CallRequest.class);
        return new CallRequest(kwargsOf(request.get("kwargs"), "kwargs"),
                optionalLong(request, "timeoutMillis", defaultTimeoutMillis), timeLimit(request, maxTimeLimitMillis));
    }

    static KwargsRequest kwargsRequest(String body) {
        JsonNode request = object(body);
        onlyFields(request, KwargsRequest.class);
        return new KwargsRequest(kwargsOf(request.get("kwargs"), "kwargs"));
    }

    static SwarmRequest swarmRequest(String body, long maxTimeLimitMillis) {
        JsonNode request = object(body);
        onlyFields(request, SwarmRequest.class);
        return new SwarmRequest(kwargsOf(request.get("kwargs"), "kwargs"), timeLimit(request, maxTimeLimitMillis));
    }

    static BatchRequest batchRequest(String body, int maxBatch, long maxTimeLimitMillis) {
        JsonNode request = object(body);
        onlyFields(request, BatchRequest.class);
        JsonNode calls = batch(request, "calls", "kwargs objects", maxBatch);
        List<Map<String, JsonNode>> kwargs = new ArrayList<>(calls.size());
        for (int i = 0; i < calls.size(); i++) {
            kwargs.add(kwargsOf(calls.get(i), "calls[" + i + "]"));
        }
        return new BatchRequest(kwargs, timeLimit(request, maxTimeLimitMillis));
    }

    /**
     * The optional {@code timeLimitMillis} of a request: a whole number of milliseconds, at least 1 and at most the
     * operator's maximum ({@code maxMillis}; 0: none). Over the maximum it is refused, not cut down: the caller
     * learns now that it cannot have that long, not when its attempt is stopped early.
     */
    private static Long timeLimit(JsonNode request, long maxMillis) {
        JsonNode node = request.get("timeLimitMillis");
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 1) {
            throw new BadRequestException("timeLimitMillis", "must be a whole number of milliseconds, at least 1");
        }
        if (maxMillis > 0 && node.longValue() > maxMillis) {
            throw new BadRequestException("timeLimitMillis", node.longValue() + " ms is over the maximum of "
                    + maxMillis + " ms (samos.gateway.execution.max-time-limit)");
        }
        return node.longValue();
    }

    static ResultsRequest resultsRequest(String body, int maxBatch) {
        JsonNode request = object(body);
        onlyFields(request, ResultsRequest.class);
        JsonNode executions = batch(request, "executions", "execution addresses", maxBatch);
        List<String> addresses = new ArrayList<>(executions.size());
        for (int i = 0; i < executions.size(); i++) {
            if (!executions.get(i).isString()) {
                throw new BadRequestException("executions[" + i + "]", "must be an execution address string");
            }
            addresses.add(executions.get(i).stringValue());
        }
        return new ResultsRequest(addresses, optionalLong(request, "waitMillis", 0));
    }

    /** The array {@code field} of a request, of at most {@code samos.gateway.max-batch} elements. */
    private static JsonNode batch(JsonNode request, String field, String elements, int maxBatch) {
        JsonNode array = request.get(field);
        if (array == null || !array.isArray()) {
            throw new BadRequestException(field, "must be an array of " + elements);
        }
        if (array.size() > maxBatch) {
            throw new BadRequestException(field, array.size() + " " + field + "; at most " + maxBatch
                    + " per request (samos.gateway.max-batch)");
        }
        return array;
    }

    /** A kwargs object of a body, checked to be an object with named arguments (absent means none). */
    private static Map<String, JsonNode> kwargsOf(JsonNode node, String field) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw new BadRequestException(field, "must be a JSON object of argument name to value");
        }
        Map<String, JsonNode> arguments = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> argument : node.properties()) {
            if (argument.getKey().isEmpty()) {
                throw new BadRequestException(field, "an argument name cannot be empty");
            }
            arguments.put(argument.getKey(), argument.getValue());
        }
        return arguments;
    }

    /** The arguments of a request's kwargs as values; {@code field} is where they were (e.g. {@code calls[2]}). */
    static Kwargs kwargs(Map<String, JsonNode> kwargs, String field) {
        Map<String, Object> arguments = new LinkedHashMap<>();
        kwargs.forEach((name, value) -> arguments.put(name, ValueJson.fromJson(value, field + "." + name)));
        return Kwargs.of(arguments);
    }

    private static long optionalLong(JsonNode object, String field, long defaultValue) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            return defaultValue;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 0) {
            throw new BadRequestException(field, "must be a non-negative integer");
        }
        return node.longValue();
    }

    /** Rejects fields the request record does not have: a typo must not be silently ignored. */
    private static void onlyFields(JsonNode object, Class<? extends Record> request) {
        List<String> known = Arrays.stream(request.getRecordComponents()).map(RecordComponent::getName).toList();
        for (String name : object.propertyNames()) {
            if (!known.contains(name)) {
                throw new BadRequestException(name, "unknown field; this endpoint takes " + known);
            }
        }
    }

}
