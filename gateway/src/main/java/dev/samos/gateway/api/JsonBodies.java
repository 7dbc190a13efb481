package dev.samos.gateway.api;

import dev.samos.function.Kwargs;
import dev.samos.gateway.problem.BadRequestException;
import dev.samos.value.ValueJson;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Reading request bodies with the value model's strict JSON rules (duplicate keys are errors, numbers keep their
 * kind), so a body means on the server exactly what it means in docs/values.md; every error names its field.
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

    static String requiredString(JsonNode object, String field) {
        JsonNode node = object.get(field);
        if (node == null || !node.isString() || node.stringValue().isBlank()) {
            throw new BadRequestException(field, "a non-empty string is required");
        }
        return node.stringValue();
    }

    /** The {@code kwargs} object of a body: argument name → value in its JSON form (absent means none). */
    static Kwargs kwargs(JsonNode object, String field) {
        return kwargsOf(object.get(field), field);
    }

    /** Element {@code index} of an array of kwargs objects. */
    static Kwargs kwargs(JsonNode array, int index, String field) {
        return kwargsOf(array.get(index), field);
    }

    private static Kwargs kwargsOf(JsonNode node, String field) {
        if (node == null || node.isNull()) {
            return Kwargs.of();
        }
        if (!node.isObject()) {
            throw new BadRequestException(field, "must be a JSON object of argument name to value");
        }
        Map<String, Object> arguments = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> argument : node.properties()) {
            if (argument.getKey().isEmpty()) {
                throw new BadRequestException(field, "an argument name cannot be empty");
            }
            arguments.put(argument.getKey(), ValueJson.fromJson(argument.getValue(), field + "." + argument.getKey()));
        }
        return Kwargs.of(arguments);
    }

    static long optionalLong(JsonNode object, String field, long defaultValue) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            return defaultValue;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 0) {
            throw new BadRequestException(field, "must be a non-negative integer");
        }
        return node.longValue();
    }

    /** Rejects fields the endpoint does not know: a typo must not be silently ignored. */
    static void onlyFields(JsonNode object, String... allowed) {
        java.util.Set<String> known = java.util.Set.of(allowed);
        for (String name : object.propertyNames()) {
            if (!known.contains(name)) {
                throw new BadRequestException(name, "unknown field; this endpoint takes " + known);
            }
        }
    }

}
