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
 * Worker processes a program starts and keeps: child JVMs with this JVM's class path (also from inside a Spring Boot
 * jar) and {@code samos.*} system properties, each with a heap limit — by default running {@link Worker} on a portal
 * folder, or any main class a {@link Launch} names (an executor's task workers). A child that ends — killed, out of
 * memory, or exiting on purpose because a runaway call would not stop — is started again after a pause that grows
 * while children keep dying young. They stop when closed, when this JVM shuts down, and — through
 * {@code --exit-with PID}, which every child's main must honour — even when this JVM is killed, so none is ever left
 * behind.
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

    /**
     * What the children run.
     *
     * @param mainClass the children's main class, on this JVM's class path
     * @param arguments its arguments ({@code --exit-with PID} is added)
     * @param logFolder where each child's stderr, and stdout lines the listener does not take, are appended
     *        ({@code worker-N.log}); null: to this JVM's own stderr and stdout (a service in a container, whose
     *        platform collects them)
     */
    public record Launch(String mainClass, List<String> arguments, Path logFolder) {
        public Launch {
            Objects.requireNonNull(mainClass, "mainClass");
            arguments = List.copyOf(arguments);
        }
    }

    /** Hears the children: the lines they write on stdout, and their ends. */
    public interface Listener {

        /**
         * A line child {@code child} wrote on its stdout; answers whether it was one of the listener's (otherwise it
         * goes to the log). Called on the child's own reader thread, in order.
         */
        boolean line(int child, String line);

        /**
         * Child {@code child} ended, whenever it ends — while these processes close too, since what the child had
         * in hand will never be answered. It is started again after a pause unless {@code closing}.
         */
        default void ended(int child, boolean closing) {
        }
    }

    /** How a worker's stdout line tells that an execution was settled there. */
    static final String SETTLED = "samos-settled ";
    /** How a worker's stdout line tells the time of an attempt it ran (ms). */
    static final String ATTEMPT = "samos-attempt ";

    private static final byte[] WAKE = {'\n'};
    private static final long FIRST_RESTART_PAUSE_MILLIS = 500;
    private static final long MAX_RESTART_PAUSE_MILLIS = 30_000;
    /** A child that lived this long was healthy: its replacement starts after the first pause again. */
    private static final long HEALTHY_LIFE_MILLIS = 30_000;

    private final Launch launch;
    private final Listener listener;
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
            Path log = launch.logFolder() == null ? null : launch.logFolder().resolve("worker-" + number + ".log");
            process = new ProcessBuilder(command()).redirectError(log == null ? ProcessBuilder.Redirect.INHERIT
                    : ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            startedAt = System.currentTimeMillis();
            Process started = process;
            Thread reader = Thread.ofPlatform().daemon().name("samos-worker-news-" + number)
                    .start(() -> readNews(started, log));
            // What it wrote before it ended is read first: answers it gave on its way out are not taken for lost
            // (a child that drains answers everything, then exits at once). Not on the reaper thread, which tells
            // every process's end.
            started.onExit().thenRun(() -> Thread.ofVirtual().name("samos-worker-ended-" + number).start(() -> {
                try {
                    reader.join(java.time.Duration.ofSeconds(5));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                ended(started);
            }));
        }

        /** The child's stdout: lines for the listener, passed on; anything else goes to its log. */
        private void readNews(Process child, Path log) {
            try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8));
                 var other = log == null ? null : Files.newBufferedWriter(log, StandardCharsets.UTF_8,
                         java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND)) {
                String line;
                while ((line = lines.readLine()) != null) {
                    boolean taken;
                    try {
                        taken = listener.line(number, line);
                    } catch (RuntimeException malformed) {
                        taken = false; // not the listener's after all: a line of the worker's own
                    }
                    if (!taken && other == null) {
                        System.out.println(line); // not the process's stdout itself: a test runner may own that
                    } else if (!taken) {
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
                if (ended != process) {
                    return;
                }
                listener.ended(number, closing);
                if (closing) {
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

        /** Writes {@code lines} to the child's stdin; false if it is not running (or stopped reading). */
        synchronized boolean send(byte[] lines) {
            if (process != null && process.isAlive()) {
                try {
                    OutputStream in = process.getOutputStream();
                    in.write(lines);
                    in.flush();
                    return true;
                } catch (IOException e) {
                    // It is ending.
                }
            }
            return false;
        }
    }

    private WorkerProcesses(Launch launch, Listener listener, Settings settings) {
        this.launch = launch;
        this.listener = listener != null ? listener : this::folderNews;
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
        return startKept(settings, new Launch(Worker.class.getName(), List.of("--portal", absolute.toString(),
                "--threads", Integer.toString(settings.threads()), "--wake-on-stdin"), absolute), null);
    }

    /**
     * Starts {@code settings.count()} children running {@code launch}, and keeps them; {@code listener} hears their
     * stdout lines and their ends.
     */
    public static WorkerProcesses start(Settings settings, Launch launch, Listener listener) {
        Objects.requireNonNull(listener, "listener");
        return startKept(settings, launch, listener);
    }

    private static WorkerProcesses startKept(Settings settings, Launch launch, Listener listener) {
        if (launch.logFolder() != null) {
            try {
                Files.createDirectories(launch.logFolder());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the folder " + launch.logFolder()
                        + " for worker processes: " + e.getMessage(), e);
            }
        }
        WorkerProcesses workers = new WorkerProcesses(launch, listener, settings);
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
            command.add("-Dloader.main=" + launch.mainClass());
            command.add("org.springframework.boot.loader.launch.PropertiesLauncher");
        } else {
            command.add(launch.mainClass());
        }
        command.addAll(launch.arguments());
        command.addAll(List.of("--exit-with", Long.toString(ProcessHandle.current().pid())));
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

    /** A folder worker's stdout: news of settled executions and attempts' times, passed on. */
    private boolean folderNews(int child, String line) {
        if (line.startsWith(SETTLED)) {
            settled.accept(ExecutionAddress.parse(line.substring(SETTLED.length())));
            return true;
        }
        if (line.startsWith(ATTEMPT)) {
            attempts.accept(java.time.Duration.ofMillis(Long.parseLong(line.substring(ATTEMPT.length()).strip())));
            return true;
        }
        return false;
    }

    /** Called with each execution a child settles (news for callers waiting in this JVM). */
    public void onSettled(Consumer<ExecutionAddress> listener) {
        this.settled = listener;
    }

    /** Called with the time of each attempt a child ran (e.g. for an execution-time histogram). */
    public void onAttempt(Consumer<java.time.Duration> listener) {
        this.attempts = listener;
    }

    /**
     * Wakes every child's idle worker threads: work was just requested. What a child must know of a task (whether a
     * caller waits on it) it reads from the index with its claim.
     */
    public void wake() {
        slots.forEach(slot -> slot.send(WAKE));
    }

    /**
     * Writes {@code line} (a newline is added) to the stdin of child {@code child}; false if that child is not
     * running now (it ended, and its replacement has not started yet).
     */
    public boolean send(int child, String line) {
        return slots.get(child).send((line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Kills child {@code child} at once (it stopped answering); it is replaced as any child that ends. */
    public void kill(int child) {
        Process process = slots.get(child).process();
        if (process != null) {
            process.destroyForcibly();
        }
    }

    /** The children running now. */
    public List<ProcessHandle> handles() {
        return slots.stream().map(Slot::process).filter(Objects::nonNull).filter(Process::isAlive)
                .map(Process::toHandle).toList();
    }

    /** Whether these processes are closing (their JVM stops, or {@link #close}): no child is started again. */
    public boolean closing() {
        return closing;
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
