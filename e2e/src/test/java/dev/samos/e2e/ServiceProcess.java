package dev.samos.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Samos service run as a process of its own, as in production: {@code java -Xmx… -XX:+UseSerialGC -jar <jar>
 * --server.port=<free port> <args…>} with JAVA_HOME's java, its output in {@code e2e/target/e2e-logs/<name>.log}.
 * {@link Builder#start()} returns once {@code GET /actuator/health} answers UP, or fails with the log's tail.
 *
 * <p>Processes never outlive the test JVM: {@link #stop()} or {@link #kill9()} ends one (tests do it in
 * {@code @AfterAll}, {@link SwarmCluster} does it for its own), a shutdown hook kills every one still running, and a
 * process left over by a test JVM that was itself killed is found by its marker ({@code -Dsamos.e2e.harness=<this
 * module's target folder>}) and killed when the next run starts its first process.
 */
public final class ServiceProcess implements AutoCloseable {

    /** Exit code of a process killed by SIGKILL: 128 + 9. */
    public static final int SIGKILL_EXIT = 137;
    /** Exit code of a JVM that stopped on SIGTERM: 128 + 15. */
    public static final int SIGTERM_EXIT = 143;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<ServiceProcess> LIVE = ConcurrentHashMap.newKeySet();
    private static final Map<String, AtomicInteger> RUNS = new ConcurrentHashMap<>();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1).build();

    static {
        E2e.killLeftovers();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (ServiceProcess live : List.copyOf(LIVE)) {
                System.err.println("[e2e] shutdown hook: killing " + live);
                live.killTree();
            }
        }, "e2e-service-reaper"));
    }

    private final Builder spec;
    private final String name;
    private final int port;
    private final Path log;
    private final Process process;
    private final List<String> command;
    private final long startedNanos;
    private volatile Duration startup;

    private ServiceProcess(Builder spec, int port, Path log, Process process, List<String> command) {
        this.spec = spec;
        this.name = spec.name;
        this.port = port;
        this.log = log;
        this.process = process;
        this.command = command;
        this.startedNanos = System.nanoTime();
    }

    /** A service from its Spring Boot jar. */
    public static Builder jar(String name, Path jar) {
        return new Builder(name, List.of("-jar", jar.toAbsolutePath().toString()));
    }

    /**
     * Any Java program that takes {@code --server.port=N} and answers {@code GET /actuator/health}: {@code launch} is
     * what follows the JVM options, e.g. {@code ["-cp", dir, "Main"]} or {@code ["Main.java"]}.
     */
    public static Builder java(String name, List<String> launch) {
        return new Builder(name, List.copyOf(launch));
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:<port>}. */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public URI uri(String path) {
        return baseUri().resolve(path);
    }

    public Path log() {
        return log;
    }

    public List<String> command() {
        return command;
    }

    public Process process() {
        return process;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** How long it took from the start to the first UP answer. */
    public Duration startup() {
        return startup;
    }

    /** The exit code once it ended ({@link #SIGKILL_EXIT} after {@link #kill9()}), else empty. */
    public java.util.OptionalInt exitCode() {
        return process.isAlive() ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(process.exitValue());
    }

    /** The last {@code lines} lines of its log. */
    public String logTail(int lines) {
        return tail(log, lines);
    }

    /** Its log so far. */
    public String logText() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * SIGKILL, as when a machine or container dies: no shutdown hook and no graceful stop run. Kills the process's
     * descendants too (an executor's worker JVMs), so nothing it started leaks. Returns once it is gone, with its exit
     * code ({@link #SIGKILL_EXIT}).
     */
    public int kill9() {
        killTree();
        return awaitExit(Duration.ofSeconds(30));
    }

    /**
     * SIGTERM: a graceful stop (Spring Boot finishes or hands back its work), waiting up to the builder's stop
     * timeout; a process still running then is killed with SIGKILL. Returns the exit code ({@link #SIGTERM_EXIT} for
     * a JVM that stopped on the signal).
     */
    public int stop() {
        if (process.isAlive()) {
            List<ProcessHandle> descendants = process.descendants().toList();
            process.destroy(); // SIGTERM on Linux
            try {
                if (!process.waitFor(spec.stopTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    System.err.printf("[e2e] %s did not stop within %s of SIGTERM: its threads to its log (SIGQUIT),"
                            + " then SIGKILL%n", this, spec.stopTimeout);
                    threadDump();
                    killTree();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                killTree();
            }
            descendants.forEach(ProcessHandle::destroyForcibly);
        }
        int code = awaitExit(Duration.ofSeconds(30));
        LIVE.remove(this);
        return code;
    }

    /** A JVM prints its threads' stacks to its stdout, our log, on SIGQUIT: what kept a stop from ending. */
    private void threadDump() throws InterruptedException {
        try {
            new ProcessBuilder("kill", "-QUIT", Long.toString(process.pid())).start().waitFor(5, TimeUnit.SECONDS);
            Thread.sleep(1_000);
        } catch (IOException e) {
            System.err.println("[e2e] no thread dump of " + this + ": " + e);
        }
    }

    /** Stops it if it still runs. */
    @Override
    public void close() {
        if (process.isAlive()) {
            stop();
        }
        LIVE.remove(this);
    }

    /**
     * The same service started again — the same jar, arguments and port (so its clients find it where it was) — after
     * this one ended; its log goes to {@code <name>-2.log} and so on.
     */
    public ServiceProcess restart() {
        if (process.isAlive()) {
            throw new IllegalStateException(this + " still runs: stop() or kill9() it first");
        }
        return spec.start(port);
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ", " + baseUri() + ")";
    }

    private void killTree() {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroyForcibly(); // SIGKILL on Linux (ProcessImpl.destroy(force=true) → kill(pid, SIGKILL))
        descendants.forEach(ProcessHandle::destroyForcibly);
        LIVE.remove(this);
    }

    private int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(this + " still runs " + timeout + " after it was told to end");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for " + this + " to end", e);
        }
        LIVE.remove(this);
        return process.exitValue();
    }

    private void awaitHealthy() {
        long deadline = startedNanos + spec.healthTimeout.toNanos();
        URI health = uri("/actuator/health");
        String last = "no answer";
        while (true) {
            if (!process.isAlive()) {
                LIVE.remove(this);
                throw new StartFailure(this, String.format("%s exited with code %d before it was healthy%n%s", this,
                        process.exitValue(), details()));
            }
            try {
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(health)
                        .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && "UP".equals(status(response.body()))) {
                    startup = Duration.ofNanos(System.nanoTime() - startedNanos);
                    return;
                }
                last = response.statusCode() + " " + response.body();
            } catch (ConnectException notListening) {
                last = "connection refused";
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                killTree();
                throw new IllegalStateException("interrupted waiting for " + this, e);
            }
            if (System.nanoTime() > deadline) {
                kill9();
                throw new StartFailure(this, String.format("%s did not answer UP on %s within %s (last: %s)%n%s",
                        this, health, spec.healthTimeout, last, details()));
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                killTree();
                throw new IllegalStateException("interrupted waiting for " + this, e);
            }
        }
    }

    /** The top-level {@code status} of a health answer, or null. */
    static String status(String healthJson) {
        try {
            var status = JSON.readTree(healthJson).get("status");
            return status == null ? null : status.asString();
        } catch (JacksonException e) {
            return null;
        }
    }

    private String details() {
        return "command: " + String.join(" ", command) + System.lineSeparator() + "last lines of " + log + ":"
                + System.lineSeparator() + tail(log, 60);
    }

    private static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** The JDK to run services with: JAVA_HOME's if set, else the one running the tests. */
    static Path javaExecutable() {
        String home = System.getenv("JAVA_HOME");
        if (home != null && !home.isBlank() && Files.isExecutable(Path.of(home, "bin", "java"))) {
            return Path.of(home, "bin", "java");
        }
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    static String marker() {
        return "-Dsamos.e2e.harness=" + E2e.target();
    }

    /** A service that did not come up; the process has been killed. */
    public static final class StartFailure extends IllegalStateException {
        private final transient ServiceProcess process;

        StartFailure(ServiceProcess process, String message) {
            super(message);
            this.process = process;
        }

        public ServiceProcess process() {
            return process;
        }
    }

    /** What to run and how; {@link #start()} starts it and waits until it is healthy. */
    public static final class Builder {
        private final String name;
        private final List<String> launch;
        private final List<String> jvmOptions = new ArrayList<>();
        private final List<String> args = new ArrayList<>();
        private final Map<String, String> environment = new LinkedHashMap<>();
        private String heap = E2e.serviceHeap();
        private int port;
        private Duration healthTimeout = Duration.ofSeconds(120);
        private Duration stopTimeout = Duration.ofSeconds(30);

        private Builder(String name, List<String> launch) {
            if (!name.matches("[A-Za-z0-9._-]+")) {
                throw new IllegalArgumentException("a process name is a file name: " + name);
            }
            this.name = name;
            this.launch = launch;
        }

        /** Arguments after {@code --server.port=N} (Spring Boot's {@code --property=value}). */
        public Builder args(String... args) {
            this.args.addAll(List.of(args));
            return this;
        }

        public Builder args(List<String> args) {
            this.args.addAll(args);
            return this;
        }

        /** A JVM option before {@code -jar}, e.g. {@code -Dsamos.workers=1}. */
        public Builder jvmOption(String option) {
            jvmOptions.add(option);
            return this;
        }

        /** {@code -Xmx}; {@code e2e.service.heap} (256m) unless set. */
        public Builder heap(String heap) {
            this.heap = heap;
            return this;
        }

        /** An environment variable; the test JVM's {@code SAMOS_*} and {@code SPRING_*} ones are not passed on. */
        public Builder env(String key, String value) {
            environment.put(key, value);
            return this;
        }

        /** A fixed port; by default a free one is chosen (and another one if it is taken meanwhile). */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** How long to wait for UP; 120 s unless set. */
        public Builder healthTimeout(Duration timeout) {
            this.healthTimeout = timeout;
            return this;
        }

        /** How long {@link ServiceProcess#stop()} waits after SIGTERM before SIGKILL; 30 s unless set. */
        public Builder stopTimeout(Duration timeout) {
            this.stopTimeout = timeout;
            return this;
        }

        /** Starts the process and returns once it answers UP; fails with its log's tail (and kills it) otherwise. */
        public ServiceProcess start() {
            if (port != 0) {
                return start(port);
            }
            for (int attempt = 1; ; attempt++) {
                try {
                    return start(E2e.freePort());
                } catch (StartFailure e) {
                    // The free port was taken between choosing it and the server binding it: choose again.
                    if (attempt < 3 && e.process().logText().contains("already in use")) {
                        System.err.printf("[e2e] %s: port %d was taken, trying another%n", name, e.process().port());
                        continue;
                    }
                    throw e;
                }
            }
        }

        private ServiceProcess start(int port) {
            List<String> command = new ArrayList<>();
            command.add(javaExecutable().toString());
            command.add("-Xmx" + heap);
            command.add(E2e.serviceGc());
            if (!Boolean.getBoolean("e2e.fullJit")) {
                // C1 only: a service starts in about two thirds of the time; tests are not benchmarks (the cluster
                // benchmark sets e2e.fullJit).
                command.add("-XX:TieredStopAtLevel=1");
            }
            command.add("-Djava.io.tmpdir=" + directory(E2e.work(name).resolve("tmp")));
            if (Boolean.getBoolean("e2e.jfr")) { // a profile of each service, for looking into a benchmark
                command.add("-XX:StartFlightRecording:settings=profile,filename="
                        + E2e.work(name).resolve(name + ".jfr"));
            }
            command.add(marker());
            command.addAll(jvmOptions);
            command.addAll(launch);
            command.add("--server.port=" + port);
            command.addAll(args);

            int run = RUNS.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
            Path log = E2e.logs().resolve(run == 1 ? name + ".log" : name + "-" + run + ".log");
            ProcessBuilder builder = new ProcessBuilder(command).directory(E2e.work(name).toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().keySet().removeIf(k -> k.startsWith("SAMOS_") || k.startsWith("SPRING_"));
            if (!Boolean.getBoolean("e2e.fullJit")) {
                // The JVMs a service starts (an executor's worker JVMs) inherit this: they run as the service does.
                builder.environment().put("JDK_JAVA_OPTIONS", "-XX:+UseSerialGC -XX:TieredStopAtLevel=1");
            }
            builder.environment().putAll(environment);
            Process process;
            try {
                process = builder.start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start " + name + ": " + String.join(" ", command), e);
            }
            ServiceProcess started = new ServiceProcess(this, port, log, process, List.copyOf(command));
            LIVE.add(started);
            started.awaitHealthy();
            System.out.printf("[e2e] %s healthy in %.1f s (log %s)%n", started,
                    started.startup.toMillis() / 1000.0, log);
            return started;
        }

        private static Path directory(Path path) {
            try {
                return Files.createDirectories(path);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
