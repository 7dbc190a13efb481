package dev.samos.executor.config;

import dev.samos.function.Resources;

/**
 * This machine's resources (OSHI) as an operator limits or declares them for one executor: several executors on one
 * host each see their share of its RAM and cores, and GPUs that Kubernetes allots (but the machine's own list may
 * not show) can be declared.
 */
record OfferedResources(Resources machine, ExecutorProperties.Offered offered) implements Resources {

    @Override
    public long freeRamBytes() {
        long free = machine.freeRamBytes();
        return offered.maxRamBytes() == null ? free : Math.min(free, offered.maxRamBytes());
    }

    @Override
    public double freeCpuCores() {
        double free = machine.freeCpuCores();
        return offered.maxCores() == null ? free : Math.min(free, offered.maxCores());
    }

    @Override
    public int gpuCount() {
        return offered.gpus() == null ? machine.gpuCount() : offered.gpus();
    }

    @Override
    public boolean hasClass(String className) {
        return machine.hasClass(className);
    }
}
