package dev.samos.value;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** A record value known only by its type name (e.g. decoded from JSON where the class is not on the classpath). */
public record RecordValue(String type, Map<String, Object> fields) {

    public RecordValue {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(fields, "fields");
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }
}
