package dev.samos.executor.worker;

import dev.samos.function.Resources;

/**
 * This machine's resources (OSHI) as an operator limits or declares them for one executor: several executors on one
 * host each see their share of its RAM and cores, and GPUs that Kubernetes allots (but the machine's own list may
 * not show) can be declared. Null: the machine's own figure.
 */
public record OfferedResources(Resources machine, Integer gpus, Long maxRamBytes, Double maxCores)
        implements Resources {

    @Override
    public long freeRamBytes() {
        long free = machine.freeRamBytes();
        return maxRamBytes == null ? free : Math.min(free, maxRamBytes);
    }

    @Override
    public double freeCpuCores() {
        double free = machine.freeCpuCores();
        return maxCores == null ? free : Math.min(free, maxCores);
    }

    @Override
    public int gpuCount() {
        return gpus == null ? machine.gpuCount() : gpus;
    }

    @Override
    public boolean hasClass(String className) {
        return machine.hasClass(className);
    }
}
