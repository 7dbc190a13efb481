package dev.samos.value;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A record value known only by its type name, e.g. decoded from JSON on a server where the record's class is not
 * on the classpath. It has the same canonical encoding, and so the same address, as an instance of the real record
 * {@code type} with the same component values.
 */
public record RecordValue(String type, Map<String, Object> fields) {

    public RecordValue {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(fields, "fields");
        if (type.isBlank()) {
            throw new IllegalArgumentException("a record value needs a type name");
        }
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }
}
