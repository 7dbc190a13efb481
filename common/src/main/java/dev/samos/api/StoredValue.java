package dev.samos.api;

/**
 * The answer of {@code POST /api/v1/values}.
 *
 * @param address the value's address
 */
public record StoredValue(String address) {
}
