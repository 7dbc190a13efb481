package dev.samos.pool;

import java.util.List;
import java.util.Objects;

/**
 * How a process pool starts its child JVMs: extra JVM options ({@code -Xmx512m}, {@code -XX:+UseSerialGC}, ...).
 * The children always get this JVM's {@code java}, class path and {@code samos.*} system properties.
 */
public record ProcessOptions(List<String> jvmArgs) {

    public static final ProcessOptions DEFAULTS = new ProcessOptions(List.of());

    public ProcessOptions {
        jvmArgs = List.copyOf(Objects.requireNonNull(jvmArgs, "jvmArgs"));
    }

    public static ProcessOptions jvmArgs(String... args) {
        return new ProcessOptions(List.of(args));
    }
}
