package dev.samos.validator;

import dev.samos.function.Resources;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.GlobalMemory;
import oshi.hardware.GraphicsCard;
import oshi.hardware.HardwareAbstractionLayer;

/**
 * This machine's resources, read through OSHI: what a portal gives its validators ({@link #instance()}).
 *
 * <ul>
 *   <li><b>RAM</b>: OSHI's available memory (Linux {@code MemAvailable}): what new work can use without swapping.
 *       It is the machine's figure, not this JVM's heap limit nor a container's memory quota.</li>
 *   <li><b>CPU</b>: {@link Runtime#availableProcessors()} (the cores this JVM may use; container-aware) × (1 −
 *       machine-wide CPU load). The load comes from OSHI's CPU ticks, sampled by one daemon thread every
 *       {@value #SAMPLE_MILLIS} ms, so a check never blocks to measure; only the first read after start waits for
 *       the first sample (≈ {@value #FIRST_SAMPLE_MILLIS} ms).</li>
 *   <li><b>GPU</b>: the larger of (a) the devices {@code nvidia-smi -L} lists, if it is on the PATH (run once, at
 *       most {@value #NVIDIA_SMI_SECONDS} s), and (b) OSHI's graphics cards minus display-only adapters: virtual
 *       machine displays (VMware, VirtualBox, QXL, Cirrus, Bochs, virtio, Hyper-V), server management chips (ASPEED,
 *       Matrox) and basic display drivers. An integrated Intel/AMD GPU does count. Counted once: GPUs do not come
 *       and go while a worker runs, and OSHI may run {@code lshw}/{@code lspci}, which take seconds.</li>
 *   <li><b>Classes</b>: {@code Class.forName(name, false, loader)} with the thread's context class loader (the
 *       worker's application loader, or a function's bundle loader while it runs), else this library's loader.
 *       Nothing is initialized.</li>
 * </ul>
 */
public final class SystemResources implements Resources {

    static final long SAMPLE_MILLIS = 1000;
    static final long FIRST_SAMPLE_MILLIS = 250;
    static final long NVIDIA_SMI_SECONDS = 3;

    private static final List<String> DISPLAY_ONLY = List.of("vmware", "virtualbox", "innotek", "qxl", "cirrus",
            "bochs", "virtio", "hyper-v", "microsoft basic", "aspeed", "matrox", "red hat", "parallels", "llvmpipe");

    private static final class Holder {
        static final SystemResources INSTANCE = new SystemResources();
    }

    private final HardwareAbstractionLayer hardware;
    private final CentralProcessor processor;
    private final GlobalMemory memory;
    private final Object loadLock = new Object();
    private long[] previousTicks;
    private double load = Double.NaN;
    private volatile Integer gpuCount;

    private SystemResources() {
        hardware = new SystemInfo().getHardware();
        processor = hardware.getProcessor();
        memory = hardware.getMemory();
        previousTicks = processor.getSystemCpuLoadTicks();
        Thread sampler = Thread.ofPlatform().daemon().name("samos-cpu-load").unstarted(this::sampleForever);
        sampler.start();
    }

    /** This machine; one shared instance, whose CPU sampler starts on first use. */
    public static SystemResources instance() {
        return Holder.INSTANCE;
    }

    @Override
    public long freeRamBytes() {
        return memory.getAvailable();
    }

    @Override
    public double freeCpuCores() {
        return Runtime.getRuntime().availableProcessors() * (1 - cpuLoad());
    }

    /** The machine's CPU load over the last sample, 0..1. */
    double cpuLoad() {
        synchronized (loadLock) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (Double.isNaN(load)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return 0;     // the sampler is stuck: better a guess than a validator that hangs
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(loadLock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return 0;
                }
            }
            return load;
        }
    }

    private void sampleForever() {
        long pause = FIRST_SAMPLE_MILLIS;
        while (true) {
            try {
                Thread.sleep(pause);
                long[] ticks = processor.getSystemCpuLoadTicks();
                double between = processor.getSystemCpuLoadBetweenTicks(previousTicks, ticks);
                synchronized (loadLock) {
                    previousTicks = ticks;
                    load = Math.clamp(between, 0.0, 1.0);
                    loadLock.notifyAll();
                }
                pause = SAMPLE_MILLIS;
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // OSHI could not read the ticks this time; keep the last load and try again.
                pause = SAMPLE_MILLIS;
            }
        }
    }

    @Override
    public int gpuCount() {
        Integer count = gpuCount;
        if (count == null) {
            synchronized (this) {
                if (gpuCount == null) {
                    gpuCount = Math.max(nvidiaSmiCount(), computeGraphicsCards());
                }
                count = gpuCount;
            }
        }
        return count;
    }

    private int computeGraphicsCards() {
        try {
            return (int) hardware.getGraphicsCards().stream().filter(SystemResources::isComputeDevice).count();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    static boolean isComputeDevice(GraphicsCard card) {
        String text = (card.getVendor() + " " + card.getName()).toLowerCase(Locale.ROOT);
        return DISPLAY_ONLY.stream().noneMatch(text::contains);
    }

    private static int nvidiaSmiCount() {
        if (!onPath("nvidia-smi")) {
            return 0;
        }
        Process process = null;
        try {
            process = new ProcessBuilder("nvidia-smi", "-L").redirectErrorStream(true).start();
            // Its output is one short line per GPU, far below a pipe's buffer, so it cannot block on a full pipe
            // while we wait for it to exit.
            if (!process.waitFor(NVIDIA_SMI_SECONDS, TimeUnit.SECONDS) || process.exitValue() != 0) {
                return 0;
            }
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                return (int) in.lines().filter(line -> line.startsWith("GPU ")).count();
            }
        } catch (IOException | UncheckedIOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } finally {
            if (process != null) {
                process.destroyForcibly();
            }
        }
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean hasClass(String className) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = SystemResources.class.getClassLoader();
        }
        try {
            Class.forName(className, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "system resources";
    }
}
