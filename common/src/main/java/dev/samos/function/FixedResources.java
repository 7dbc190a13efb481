package dev.samos.function;

import java.util.Objects;
import java.util.Set;

/** Resources that do not change: the pure logic of validators is tested against these. */
public record FixedResources(long freeRamBytes, double freeCpuCores, int gpuCount, Set<String> classes)
        implements Resources {

    public FixedResources {
        classes = Set.copyOf(Objects.requireNonNull(classes, "classes"));
    }

    @Override
    public boolean hasClass(String className) {
        return classes.contains(className);
    }
}
