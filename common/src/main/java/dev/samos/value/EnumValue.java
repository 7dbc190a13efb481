package dev.samos.value;

import java.util.Objects;

/**
 * An enum constant known only by its type name; same canonical encoding, and so same address, as the real constant
 * {@code type.name}.
 */
public record EnumValue(String type, String name) {

    public EnumValue {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        if (type.isBlank() || name.isBlank()) {
            throw new IllegalArgumentException("an enum value needs a type name and a constant name");
        }
    }
}
