package dev.samos.function;

import java.util.Objects;

/** The condition holds: {@code unusedRam(4.0 GB): ok, 12.3 GB free}. */
public record Satisfied(String detail) implements Outcome {

    public Satisfied {
        Objects.requireNonNull(detail, "detail");
    }
}
