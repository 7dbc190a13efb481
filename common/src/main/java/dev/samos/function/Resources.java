package dev.samos.function;

import java.util.Set;

/**
 * What a worker has, as resource validators see it. {@code dev.samos.validator.SystemResources.instance()} reads
 * this machine; {@link #fixed} is a snapshot for tests and for workers that report their resources themselves.
 */
public interface Resources {

    /** Bytes of RAM available to new work without swapping (the OS's "available", not merely "free"). */
    long freeRamBytes();

    /** Idle CPU cores: cores × (1 − recent CPU load), e.g. 2.5 on a 4-core machine 37.5% busy. */
    double freeCpuCores();

    /** Compute GPUs present (not whether they are busy); see {@code SystemResources} for what counts. */
    int gpuCount();

    /** Whether {@code className} (a binary name, {@code java.lang.String}) can be loaded on this worker. */
    boolean hasClass(String className);

    static Resources fixed(long freeRamBytes, double freeCpuCores, int gpuCount, Set<String> classes) {
        return new FixedResources(freeRamBytes, freeCpuCores, gpuCount, classes);
    }
}
