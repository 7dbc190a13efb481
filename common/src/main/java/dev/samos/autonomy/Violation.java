package dev.samos.autonomy;

import java.util.Objects;

/**
 * One thing in a bundle that makes its function not autonomous.
 *
 * @param className binary name of the bundle class, e.g. {@code com.example.Bad}
 * @param method name and descriptor of the method, e.g. {@code call(Ljava/util/Map;)Ljava/lang/Object;}, or
 *        {@code null} for a finding about the class itself or one of its fields
 * @param instruction what was found, e.g. {@code INVOKESTATIC java/lang/System.exit(I)V} or
 *        {@code static field counter:I}
 * @param reason why it is not allowed, e.g. {@code process control is not allowed}
 */
public record Violation(String className, String method, String instruction, String reason) {

    public Violation {
        Objects.requireNonNull(className, "className");
        Objects.requireNonNull(instruction, "instruction");
        Objects.requireNonNull(reason, "reason");
    }

    /** {@code com.example.Bad.call(…)…: INVOKESTATIC java/lang/System.exit(I)V — process control is not allowed}. */
    @Override
    public String toString() {
        return className + (method == null ? "" : "." + method) + ": " + instruction + " — " + reason;
    }
}
