package dev.samos.swarm;

import dev.samos.execution.ExecutionAddress;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.zip.ZipFile;

/**
 * Worker processes a program starts on a portal folder, and keeps: child JVMs running {@link Worker} with this JVM's
 * class path (also from inside a Spring Boot jar) and {@code samos.*} system properties, each with a heap limit. A
 * child that ends — killed, out of memory, or exiting on purpose because a runaway call would not stop — is started
 * again after a pause that grows while children keep dying young. They stop when closed, when this JVM shuts down,
 * and — through {@code --exit-with} — even when this JVM is killed, so none is ever left behind.
 */
public final class WorkerProcesses implements AutoCloseable {

    /**
     * How the children run.
     *
     * @param count worker JVMs kept running
     * @param threads worker threads in each
     * @param maxHeap each child's {@code -Xmx}, e.g. {@code 512m} (null: the JVM's default)
     * @param properties system properties for each child, on top of this JVM's {@code samos.*} ones (e.g. the time
     *        limit: {@code samos.timeLimitMillis})
     */
    public record Settings(int count, int threads, String maxHeap, Map<String, String> properties) {
        public Settings {
            if (count < 1 || threads < 1) {
                throw new IllegalArgumentException("worker processes need count ≥ 1 and threads ≥ 1, not " + count
                        + " and " + threads);
            }
            if (maxHeap != null && !maxHeap.matches("[0-9]+[kKmMgG]?")) {
                throw new IllegalArgumentException("a worker's max heap is a size such as 512m, not " + maxHeap);
            }
            properties = Map.copyOf(properties);
        }
    }

    /** How a worker's stdout line tells that an execution was settled there. */
    static final String SETTLED = "samos-settled ";
    /** How a worker's stdout line tells the time of an attempt it ran (ms). */
    static final String ATTEMPT = "samos-attempt ";

    private static final long FIRST_RESTART_PAUSE_MILLIS = 500;
    private static final long MAX_RESTART_PAUSE_MILLIS = 30_000;
    /** A child that lived this long was healthy: its replacement starts after the first pause again. */
    private static final long HEALTHY_LIFE_MILLIS = 30_000;

    private final Path folder;
    private final Settings settings;
    private final List<Slot> slots = new ArrayList<>();
    private final AtomicLong restarts = new AtomicLong();
    private final Thread shutdownHook;
    private volatile boolean closing;
    private volatile Consumer<ExecutionAddress> settled = address -> { };
    private volatile Consumer<java.time.Duration> attempts = time -> { };

    /** One kept child: the process running now, and how long to wait before starting the next. */
    private final class Slot {
        private final int number;
        private Process process;
        private long startedAt;
        private long pause = FIRST_RESTART_PAUSE_MILLIS;

        Slot(int number) {
            this.number = number;
        }

        synchronized void start() throws IOException {
            Path log = folder.resolve("worker-" + number + ".log");
            process = new ProcessBuilder(command()).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            startedAt = System.currentTimeMillis();
            Process started = process;
            Thread.ofPlatform().daemon().name("samos-worker-news-" + number).start(() -> readNews(started, log));
            started.onExit().thenRun(() -> ended(started));
        }

        /** The child's stdout: news of settled executions, passed on; anything else goes to its log. */
        private void readNews(Process child, Path log) {
            try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8));
                 var other = Files.newBufferedWriter(log, StandardCharsets.UTF_8,
                         java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND)) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.startsWith(SETTLED)) {
                        try {
                            settled.accept(ExecutionAddress.parse(line.substring(SETTLED.length())));
                        } catch (RuntimeException malformed) {
                            // Not news after all: a line of the worker's own.
                        }
                    } else if (line.startsWith(ATTEMPT)) {
                        try {
                            attempts.accept(java.time.Duration.ofMillis(Long.parseLong(line.substring(
                                    ATTEMPT.length()).strip())));
                        } catch (RuntimeException malformed) {
                            // Likewise.
                        }
                    } else {
                        other.write(line);
                        other.newLine();
                        other.flush();
                    }
                }
            } catch (IOException e) {
                // The child ended; its replacement gets a reader of its own.
            }
        }

        private void ended(Process ended) {
            long wait;
            synchronized (this) {
                if (closing || ended != process) {
                    return;
                }
                boolean young = System.currentTimeMillis() - startedAt < HEALTHY_LIFE_MILLIS;
                pause = young ? Math.min(pause * 2, MAX_RESTART_PAUSE_MILLIS) : FIRST_RESTART_PAUSE_MILLIS;
                wait = young ? pause / 2 : FIRST_RESTART_PAUSE_MILLIS;
            }
            Thread.ofVirtual().name("samos-worker-restart-" + number).start(() -> {
                try {
                    Thread.sleep(wait);
                    synchronized (this) {
                        if (!closing && ended == process) {
                            start();
                            restarts.incrementAndGet();
                        }
                    }
                } catch (InterruptedException | IOException e) {
                    // Closing, or the JVM cannot start processes any more: the slot stays empty, alive() says so.
                }
            });
        }

        synchronized Process process() {
            return process;
        }

        /** A line on the child's stdin wakes its idle worker threads (and names the calls whose caller waits). */
        synchronized void wake(byte[] lines) {
            if (process != null && process.isAlive()) {
                try {
                    OutputStream in = process.getOutputStream();
                    in.write(lines);
                    in.flush();
                } catch (IOException e) {
                    // It is ending; its replacement looks at the queue as it starts.
                }
            }
        }
    }

    private WorkerProcesses(Path folder, Settings settings) {
        this.folder = folder;
        this.settings = settings;
        this.shutdownHook = new Thread(this::stopAll, "samos-worker-processes-shutdown");
    }

    /** Starts {@code count} worker processes with {@code threads} worker threads each on {@code folder}. */
    public static WorkerProcesses start(Path folder, int count, int threads) {
        return start(folder, new Settings(count, threads, null, Map.of()));
    }

    /** Starts worker processes on {@code folder} (created if missing) as {@code settings} say, and keeps them. */
    public static WorkerProcesses start(Path folder, Settings settings) {
        Path absolute = folder.toAbsolutePath();
        try {
            Files.createDirectories(absolute);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the portal folder " + absolute + " for worker processes: "
                    + e.getMessage(), e);
        }
        WorkerProcesses workers = new WorkerProcesses(absolute, settings);
        try {
            for (int i = 0; i < settings.count(); i++) {
                Slot slot = workers.new Slot(i);
                workers.slots.add(slot);
                slot.start();
            }
        } catch (IOException e) {
            workers.stopAll();
            throw new UncheckedIOException("cannot start worker processes: " + e.getMessage(), e);
        }
        Runtime.getRuntime().addShutdownHook(workers.shutdownHook);
        return workers;
    }

    private List<String> command() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (settings.maxHeap() != null) {
            command.add("-Xmx" + settings.maxHeap());
        }
        command.add("--enable-native-access=ALL-UNNAMED");
        // A call out of memory is recorded as such before the worker exits (an image's JDK_JAVA_OPTIONS may say
        // otherwise for its own JVM, and children inherit it).
        command.add("-XX:-ExitOnOutOfMemoryError");
        System.getProperties().stringPropertyNames().stream()
                .filter(name -> name.startsWith("samos.") && !settings.properties().containsKey(name))
                .forEach(name -> command.add("-D" + name + "=" + System.getProperty(name)));
        settings.properties().forEach((name, value) -> command.add("-D" + name + "=" + value));
        String classPath = System.getProperty("java.class.path");
        command.add("-cp");
        command.add(classPath);
        if (isSpringBootJar(classPath)) {
            // Inside an executable Spring Boot jar the worker's classes are nested jars: its launcher loads them.
            command.add("-Dloader.main=" + Worker.class.getName());
            command.add("org.springframework.boot.loader.launch.PropertiesLauncher");
        } else {
            command.add(Worker.class.getName());
        }
        command.addAll(List.of("--portal", folder.toString(), "--threads", Integer.toString(settings.threads()),
                "--exit-with", Long.toString(ProcessHandle.current().pid()), "--wake-on-stdin"));
        return command;
    }

    private static boolean isSpringBootJar(String classPath) {
        if (classPath.contains(File.pathSeparator) || !classPath.endsWith(".jar")) {
            return false;
        }
        try (ZipFile jar = new ZipFile(classPath)) {
            return jar.getEntry("BOOT-INF/lib/") != null || jar.stream().anyMatch(e -> e.getName()
                    .startsWith("BOOT-INF/lib/"));
        } catch (IOException e) {
            return false;
        }
    }

    /** Called with each execution a child settles (news for callers waiting in this JVM). */
    public void onSettled(Consumer<ExecutionAddress> listener) {
        this.settled = listener;
    }

    /** Called with the time of each attempt a child ran (e.g. for an execution-time histogram). */
    public void onAttempt(Consumer<java.time.Duration> listener) {
        this.attempts = listener;
    }

    /** Wakes every child's idle worker threads: work was just requested. */
    public void wake() {
        wake(List.of(), false);
    }

    /**
     * Wakes every child's idle worker threads for {@code requested}; with {@code callerWaits} (a caller's own
     * synchronous call), each child also learns that a failure of these is final at once, as the caller would see it.
     */
    public void wake(List<ExecutionAddress> requested, boolean callerWaits) {
        StringBuilder lines = new StringBuilder();
        if (callerWaits) {
            requested.forEach(address -> lines.append(address).append('\n'));
        }
        if (lines.isEmpty()) {
            lines.append('\n');
        }
        byte[] bytes = lines.toString().getBytes(StandardCharsets.UTF_8);
        slots.forEach(slot -> slot.wake(bytes));
    }

    /** The children running now. */
    public List<ProcessHandle> handles() {
        return slots.stream().map(Slot::process).filter(Objects::nonNull).filter(Process::isAlive)
                .map(Process::toHandle).toList();
    }

    /** Children started again after one ended, since these processes started. */
    public long restarts() {
        return restarts.get();
    }

    public Settings settings() {
        return settings;
    }

    /** Stops every worker: SIGTERM (they finish or hand back their calls), then SIGKILL after 30 s. */
    @Override
    public void close() {
        stopAll();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // Already shutting down: the hook runs stopAll too.
        }
    }

    private void stopAll() {
        closing = true;
        List<Process> processes = slots.stream().map(Slot::process).filter(Objects::nonNull).toList();
        processes.forEach(Process::destroy);
        for (Process process : processes) {
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }
}
