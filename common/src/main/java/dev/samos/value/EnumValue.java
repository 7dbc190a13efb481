package dev.samos.value;

/** An enum constant known only by its type name. */
public record EnumValue(String type, String name) { }
