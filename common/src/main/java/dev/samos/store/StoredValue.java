package dev.samos.store;

/** A value found in a store; a record, because null is a value too. */
public record StoredValue(Object value) {
}
