package dev.samos.value;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The two-way JSON form of values (docs/values.md). Plain JSON means what it looks like: integer literals are
 * integers of any size, literals with a fraction or exponent are float64, objects are maps with string keys. What
 * JSON cannot say plainly is written as an object with one key that starts with {@code $}: {@code $bytes},
 * {@code $float}, {@code $int}, {@code $set}, {@code $map}, {@code $f64}, {@code $f32}, {@code $i64}, {@code $i32},
 * {@code $i16}, {@code $record}, {@code $enum}. A value read from its JSON form has the same address as the value
 * it was written from.
 */
public final class ValueJson {

    /** Duplicate keys are an error, not "last one wins": silently dropping data would change an address. */
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ValueJson() {
    }

    /** The mapper with the settings values need; reuse it to parse request bodies. */
    public static JsonMapper mapper() {
        return MAPPER;
    }

    /** Parses JSON text into a value. */
    public static Object read(String json) {
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (JacksonException e) {
            throw new NotAValueException("value", "malformed JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr()));
        }
        return fromJson(node, "value");
    }

    /** The JSON text of a value. */
    public static String write(Object value) {
        return MAPPER.writeValueAsString(toJson(value));
    }

    /**
     * The value a JSON tree stands for.
     *
     * @param root how the caller names it in errors, e.g. {@code kwargs}
     * @throws NotAValueException naming the path of a part that is not a valid value form
     */
    public static Object fromJson(JsonNode node, String root) {
        try {
            return read(node, 0);
        } catch (NotAValueException e) {
            throw e.inside(root);
        }
    }

    public static Object fromJson(JsonNode node) {
        return fromJson(node, "value");
    }

    private static Object read(JsonNode node, int depth) {
        if (depth > Values.MAX_DEPTH) {
            throw NotAValueException.here("nested deeper than " + Values.MAX_DEPTH + " levels");
        }
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber()) {
            return integer(node.bigIntegerValue());
        }
        if (node.isNumber()) {
            return finite(node.doubleValue(), node);
        }
        if (node.isString()) {
            return node.stringValue();
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>(node.size());
            for (int i = 0; i < node.size(); i++) {
                list.add(element(node.get(i), i, depth));
            }
            return Collections.unmodifiableList(list);
        }
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.properties().iterator();
            if (node.size() == 1) {
                Map.Entry<String, JsonNode> only = fields.next();
                if (only.getKey().startsWith("$")) {
                    try {
                        return special(only.getKey(), only.getValue(), depth);
                    } catch (NotAValueException e) {
                        throw e.inside("." + only.getKey());
                    }
                }
                fields = node.properties().iterator();
            }
            Map<String, Object> map = new LinkedHashMap<>();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getKey().startsWith("$")) {
                    throw NotAValueException.here("key '" + field.getKey() + "' starts with $: an object with a $ key "
                            + "must be a single special form like {\"$bytes\": ...}; write a map whose keys start "
                            + "with $ as {\"$map\": [[key, value], ...]}");
                }
                map.put(field.getKey(), entryValue(field.getKey(), field.getValue(), depth));
            }
            return Collections.unmodifiableMap(map);
        }
        throw NotAValueException.here("unsupported JSON node " + node.getNodeType());
    }

    private static Object special(String form, JsonNode body, int depth) {
        return switch (form) {
            case "$bytes" -> base64(body);
            case "$float" -> specialFloat(body);
            case "$int" -> specialInt(body);
            case "$set" -> {
                List<?> elements = (List<?>) read(requireArray(body), depth);
                Set<Object> set = new LinkedHashSet<>(elements);
                if (set.size() != elements.size()) {
                    throw NotAValueException.here("set has duplicate elements");
                }
                yield Collections.unmodifiableSet(set);
            }
            case "$map" -> {
                requireArray(body);
                Map<Object, Object> map = new LinkedHashMap<>();
                for (int i = 0; i < body.size(); i++) {
                    JsonNode pair = body.get(i);
                    if (!pair.isArray() || pair.size() != 2) {
                        throw NotAValueException.here("entry " + i + " must be a [key, value] pair");
                    }
                    Object key = element(pair.get(0), i, depth);
                    if (map.containsKey(key)) {
                        throw NotAValueException.here("entry " + i + " repeats key " + key);
                    }
                    map.put(key, element(pair.get(1), i, depth));
                }
                yield Collections.unmodifiableMap(map);
            }
            case "$f64" -> doubles(body);
            case "$f32" -> {
                if (body.isString()) {
                    ByteBuffer b = little(body, 4);
                    float[] out = new float[b.remaining() / 4];
                    b.asFloatBuffer().get(out);
                    yield out;
                }
                double[] d = doubles(body);
                float[] out = new float[d.length];
                for (int i = 0; i < d.length; i++) {
                    out[i] = (float) d[i];
                }
                yield out;
            }
            case "$i64" -> body.isString() ? longsOf(little(body, 8)) : integers(body, Long.MIN_VALUE, Long.MAX_VALUE);
            case "$i32" -> {
                if (body.isString()) {
                    ByteBuffer b = little(body, 4);
                    int[] out = new int[b.remaining() / 4];
                    b.asIntBuffer().get(out);
                    yield out;
                }
                long[] l = integers(body, Integer.MIN_VALUE, Integer.MAX_VALUE);
                int[] out = new int[l.length];
                for (int i = 0; i < l.length; i++) {
                    out[i] = (int) l[i];
                }
                yield out;
            }
            case "$i16" -> {
                if (body.isString()) {
                    ByteBuffer b = little(body, 2);
                    short[] out = new short[b.remaining() / 2];
                    b.asShortBuffer().get(out);
                    yield out;
                }
                long[] l = integers(body, Short.MIN_VALUE, Short.MAX_VALUE);
                short[] out = new short[l.length];
                for (int i = 0; i < l.length; i++) {
                    out[i] = (short) l[i];
                }
                yield out;
            }
            case "$record" -> {
                String type = requiredString(body, "type");
                JsonNode fields = body.get("fields");
                if (fields == null || !fields.isObject()) {
                    throw NotAValueException.here("needs \"fields\": an object of component name to value");
                }
                if (body.size() != 2) {
                    throw NotAValueException.here("takes exactly \"type\" and \"fields\"");
                }
                Map<String, Object> values = new LinkedHashMap<>();
                for (Map.Entry<String, JsonNode> field : fields.properties()) {
                    values.put(field.getKey(), entryValue(field.getKey(), field.getValue(), depth));
                }
                yield materialized(new RecordValue(type, values));
            }
            case "$enum" -> {
                if (body.size() != 2) {
                    throw NotAValueException.here("takes exactly \"type\" and \"name\"");
                }
                yield new EnumValue(requiredString(body, "type"), requiredString(body, "name"));
            }
            default -> throw NotAValueException.here("unknown special form " + form + "; known: $bytes, $float, "
                    + "$int, $set, $map, $f64, $f32, $i64, $i32, $i16, $record, $enum");
        };
    }

    /**
     * Records of Samos's own API ({@code dev.samos.*}: a function as a value, validators) come back as their real
     * classes, so a function passed as an argument over JSON can be called; any other record stays a
     * {@link RecordValue} (no class named in input is ever instantiated outside Samos's own packages). Both forms have
     * the same address.
     */
    private static Object materialized(RecordValue record) {
        if (!record.type().startsWith("dev.samos.")) {
            return record;
        }
        Class<?> type;
        try {
            type = Class.forName(record.type(), false, ValueJson.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw NotAValueException.here("unknown Samos type " + record.type());
        }
        if (!type.isRecord()) {
            throw NotAValueException.here(record.type() + " is not a record type of Samos");
        }
        String invalid = "not a valid " + type.getSimpleName() + ": ";
        try {
            return RecordBinder.bind(record.fields(), type.asSubclass(Record.class),
                    (field, problem) -> NotAValueException.here(invalid + "field '" + field + "': " + problem));
        } catch (IllegalArgumentException e) {
            throw NotAValueException.here(invalid + e.getMessage());
        }
    }

    private static Object element(JsonNode node, int index, int depth) {
        try {
            return read(node, depth + 1);
        } catch (NotAValueException e) {
            throw e.inside("[" + index + "]");
        }
    }

    private static Object entryValue(String key, JsonNode node, int depth) {
        try {
            return read(node, depth + 1);
        } catch (NotAValueException e) {
            throw e.inside(NotAValueException.segmentFor(key));
        }
    }

    /** One integer kind: Long where it fits, BigInteger beyond. */
    private static Object integer(BigInteger n) {
        return n.bitLength() <= 63 ? (Object) n.longValue() : n;
    }

    private static double finite(double d, JsonNode node) {
        if (Double.isInfinite(d)) {
            throw NotAValueException.here("number " + node + " is beyond float64 range; write "
                    + "{\"$float\": \"Infinity\"} if infinity is meant");
        }
        return d;
    }

    private static Object specialFloat(JsonNode body) {
        if (body.isNumber()) {
            return finite(body.doubleValue(), body);
        }
        if (body.isString()) {
            return switch (body.stringValue()) {
                case "NaN" -> Double.NaN;
                case "Infinity" -> Double.POSITIVE_INFINITY;
                case "-Infinity" -> Double.NEGATIVE_INFINITY;
                default -> throw NotAValueException.here("must be a number, \"NaN\", \"Infinity\" or \"-Infinity\"");
            };
        }
        throw NotAValueException.here("must be a number, \"NaN\", \"Infinity\" or \"-Infinity\"");
    }

    private static Object specialInt(JsonNode body) {
        if (body.isIntegralNumber()) {
            return integer(body.bigIntegerValue());
        }
        if (body.isString() && body.stringValue().matches("-?[0-9]{1,100000}")) {
            return integer(new BigInteger(body.stringValue()));
        }
        throw NotAValueException.here("must be an integer or a string of decimal digits");
    }

    private static byte[] base64(JsonNode body) {
        if (!body.isString()) {
            throw NotAValueException.here("must be a base64 string");
        }
        try {
            return Base64.getDecoder().decode(body.stringValue());
        } catch (IllegalArgumentException e) {
            throw NotAValueException.here("is not valid base64: " + e.getMessage());
        }
    }

    /** Base64 of little-endian elements, {@code width} bytes each: the compact form of typed arrays. */
    private static ByteBuffer little(JsonNode body, int width) {
        byte[] bytes = base64(body);
        if (bytes.length % width != 0) {
            throw NotAValueException.here("has " + bytes.length + " bytes, not a whole number of "
                    + width + "-byte elements");
        }
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static long[] longsOf(ByteBuffer b) {
        long[] out = new long[b.remaining() / 8];
        b.asLongBuffer().get(out);
        return out;
    }

    private static double[] doubles(JsonNode body) {
        if (body.isString()) {
            ByteBuffer b = little(body, 8);
            double[] out = new double[b.remaining() / 8];
            b.asDoubleBuffer().get(out);
            return out;
        }
        requireArray(body);
        double[] out = new double[body.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode e = body.get(i);
            try {
                out[i] = e.isNumber() ? finite(e.doubleValue(), e) : (Double) specialFloat(e);
            } catch (NotAValueException ex) {
                throw ex.inside("[" + i + "]");
            }
        }
        return out;
    }

    private static long[] integers(JsonNode body, long min, long max) {
        requireArray(body);
        long[] out = new long[body.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode e = body.get(i);
            if (!e.isIntegralNumber() || e.bigIntegerValue().bitLength() > 63
                    || e.longValue() < min || e.longValue() > max) {
                throw NotAValueException.here("must be an integer in [" + min + ", " + max + "]").inside("[" + i + "]");
            }
            out[i] = e.longValue();
        }
        return out;
    }

    private static JsonNode requireArray(JsonNode body) {
        if (!body.isArray()) {
            throw NotAValueException.here("must be a JSON array");
        }
        return body;
    }

    private static String requiredString(JsonNode body, String field) {
        if (!body.isObject() || body.get(field) == null || !body.get(field).isString()
                || body.get(field).stringValue().isBlank()) {
            throw NotAValueException.here("needs \"" + field + "\": a non-empty string");
        }
        return body.get(field).stringValue();
    }

    // ---- writing -------------------------------------------------------------------------------------------------

    /** The JSON tree of a value. */
    public static JsonNode toJson(Object value) {
        try {
            return write(value, 0);
        } catch (NotAValueException e) {
            throw e.inside("value");
        }
    }

    private static JsonNode write(Object value, int depth) {
        if (depth > Values.MAX_DEPTH) {
            throw NotAValueException.here("nested deeper than " + Values.MAX_DEPTH + " levels (is it cyclic?)");
        }
        Object v = Values.unwrap(value);
        return switch (ValueKind.of(v)) {
            case NULL -> NODES.nullNode();
            case BOOLEAN -> NODES.booleanNode((Boolean) v);
            case INTEGER -> v instanceof BigInteger b ? NODES.numberNode(b) : NODES.numberNode(((Number) v).longValue());
            case FLOAT -> floatNode(((Number) v).doubleValue());
            case STRING -> NODES.stringNode((String) v);
            case BYTES -> single("$bytes", NODES.stringNode(Base64.getEncoder().encodeToString((byte[]) v)));
            case LIST -> {
                ArrayNode array = NODES.arrayNode();
                int i = 0;
                for (Object element : asIterable(v)) {
                    array.add(writeElement(element, i++, depth));
                }
                yield array;
            }
            case MAP -> map((Map<?, ?>) v, depth);
            case SET -> {
                ArrayNode array = NODES.arrayNode();
                int i = 0;
                for (Object element : (Set<?>) v) {
                    array.add(writeElement(element, i++, depth));
                }
                yield single("$set", array);
            }
            case F64_ARRAY -> {
                ArrayNode array = NODES.arrayNode();
                for (double d : (double[]) v) {
                    array.add(Double.isFinite(d) ? NODES.numberNode(d) : NODES.stringNode(String.valueOf(d)));
                }
                yield single("$f64", array);
            }
            case F32_ARRAY -> {
                ArrayNode array = NODES.arrayNode();
                for (float f : (float[]) v) {
                    // Written as the double it widens to: exact, so reading it back gives the same float.
                    array.add(Float.isFinite(f) ? NODES.numberNode((double) f) : NODES.stringNode(String.valueOf(f)));
                }
                yield single("$f32", array);
            }
            case I64_ARRAY -> {
                ArrayNode array = NODES.arrayNode();
                for (long l : (long[]) v) {
                    array.add(l);
                }
                yield single("$i64", array);
            }
            case I32_ARRAY -> {
                ArrayNode array = NODES.arrayNode();
                for (int i : (int[]) v) {
                    array.add(i);
                }
                yield single("$i32", array);
            }
            case I16_ARRAY -> {
                ArrayNode array = NODES.arrayNode();
                for (short s : (short[]) v) {
                    array.add(s);
                }
                yield single("$i16", array);
            }
            case RECORD -> {
                ObjectNode body = NODES.objectNode();
                body.put("type", Values.recordType(v));
                ObjectNode fields = body.putObject("fields");
                for (Map.Entry<String, Object> field : Values.recordFields(v).entrySet()) {
                    try {
                        fields.set(field.getKey(), write(field.getValue(), depth + 1));
                    } catch (NotAValueException e) {
                        throw e.inside(NotAValueException.segmentFor(field.getKey()));
                    }
                }
                yield single("$record", body);
            }
            case ENUM -> {
                ObjectNode body = NODES.objectNode();
                body.put("type", Values.enumType(v));
                body.put("name", Values.enumName(v));
                yield single("$enum", body);
            }
        };
    }

    private static JsonNode floatNode(double d) {
        return Double.isFinite(d) ? NODES.numberNode(d) : single("$float", NODES.stringNode(String.valueOf(d)));
    }

    /** Plain JSON object when every key is a string not starting with $; the $map form otherwise. */
    private static JsonNode map(Map<?, ?> map, int depth) {
        boolean plain = true;
        for (Object key : map.keySet()) {
            if (!(Values.unwrap(key) instanceof String s) || s.startsWith("$")) {
                plain = false;
                break;
            }
        }
        if (plain) {
            ObjectNode object = NODES.objectNode();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String key = (String) Values.unwrap(entry.getKey());
                try {
                    object.set(key, write(entry.getValue(), depth + 1));
                } catch (NotAValueException e) {
                    throw e.inside(NotAValueException.segmentFor(key));
                }
            }
            return object;
        }
        ArrayNode pairs = NODES.arrayNode();
        int i = 0;
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            ArrayNode pair = pairs.addArray();
            pair.add(writeElement(entry.getKey(), i, depth));
            pair.add(writeElement(entry.getValue(), i, depth));
            i++;
        }
        return single("$map", pairs);
    }

    private static JsonNode writeElement(Object element, int index, int depth) {
        try {
            return write(element, depth + 1);
        } catch (NotAValueException e) {
            throw e.inside("[" + index + "]");
        }
    }

    private static Iterable<?> asIterable(Object list) {
        return switch (list) {
            case List<?> l -> l;
            case Object[] a -> java.util.Arrays.asList(a);
            case boolean[] a -> {
                List<Boolean> out = new ArrayList<>(a.length);
                for (boolean b : a) {
                    out.add(b);
                }
                yield out;
            }
            default -> throw new IllegalStateException("not a list: " + list.getClass());
        };
    }

    private static ObjectNode single(String key, JsonNode value) {
        ObjectNode node = NODES.objectNode();
        node.set(key, value);
        return node;
    }
}
