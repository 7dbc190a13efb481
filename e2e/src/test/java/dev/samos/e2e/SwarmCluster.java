package dev.samos.e2e;

import dev.samos.cluster.testkit.KafkaBroker;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * A Samos cluster for one test class: the {@link Suite}'s servers (Kafka broker, Redis, S3Mock, portal-service —
 * started once for the run and shared) plus this class's own gateway and executors, each from its packaged jar as a
 * process of its own. Register it as an extension; it starts before the class's first test and stops its processes
 * after its last:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final SwarmCluster CLUSTER = SwarmCluster.builder()
 *         .gateway()                                            // cluster profile
 *         .executor("small", "--samos.executor.threads=1")      // per-executor arguments
 *         .executor("big", "--samos.executor.threads=4")
 *         .build();
 *
 * CLUSTER.executor("small").kill9();                            // SIGKILL one executor
 * ServiceProcess late = CLUSTER.startExecutor("late");          // and start another later
 * }</pre>
 *
 * <p>What each process is given (the services read these):
 * <ul>
 * <li>portal-service: {@code --samos.portal.backend=cluster} with the suite's S3 and Redis ({@link Suite});</li>
 * <li>gateway: {@code --spring.profiles.active=cluster --samos.cluster.portal-service=<portal-service URI>
 * --spring.kafka.bootstrap-servers=<broker>} and {@link Builder#gatewayArgs}; or, with
 * {@link Builder#standaloneGateway()}, its default standalone profile on a folder of its own;</li>
 * <li>each executor: {@code --samos.cluster.portal-service=<URI> --spring.kafka.bootstrap-servers=<broker>}, then
 * {@link Builder#executorArgs} (all executors), then its own arguments.</li>
 * </ul>
 * Every process also gets {@code --server.port=<free port>}; its log is
 * {@code e2e/target/e2e-logs/<TestClass>-<name>.log}.
 * The gateway and the executors start concurrently once the suite's servers are up.
 */
public final class SwarmCluster implements BeforeAllCallback, AfterAllCallback, TestWatcher, AutoCloseable {

    /** Lines of each process's log printed when a test fails (Kafka's own lines left out). */
    private static final int FAILURE_LOG_LINES = 40;

    /** Starts and stops processes side by side (one thread each: they mostly wait). */
    private static final java.util.concurrent.ExecutorService PARALLEL = java.util.concurrent.Executors
            .newCachedThreadPool(r -> {
                Thread thread = new Thread(r, "e2e-cluster");
                thread.setDaemon(true);
                return thread;
            });

    private final Builder spec;
    private final Map<String, ServiceProcess> executors = new LinkedHashMap<>();
    /** Executor names in the builder's order, then in the order later ones were started. */
    private final List<String> executorOrder = new ArrayList<>();
    private final List<ServiceProcess> started = new ArrayList<>();
    private String owner = "e2e";
    private ServiceProcess gateway;

    private SwarmCluster(Builder spec) {
        this.spec = spec;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        new Suite().beforeAll(context);
        owner = context.getRequiredTestClass().getSimpleName();
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    /**
     * A failed test prints the end of each process's log: CI keeps the build's output, not {@code e2e/target}, and
     * what an executor did last is usually the why.
     */
    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        List<ServiceProcess> processes = new ArrayList<>();
        synchronized (this) {
            processes.addAll(started);
        }
        processes.add(Suite.portalService());
        StringBuilder out = new StringBuilder();
        for (ServiceProcess process : processes) {
            List<String> lines = process.logText().lines()
                    .filter(line -> !line.contains("o.a.k.") && !line.contains("o.apache.kafka")
                            && !line.contains("Record not acknowledged within timeout") && !line.isBlank()
                            && !line.startsWith("\t"))
                    .toList();
            out.append("[e2e] ").append(context.getDisplayName()).append(" failed; the end of ").append(process)
                    .append(process.isAlive() ? "" : " (ended)").append("'s log:\n");
            lines.subList(Math.max(0, lines.size() - FAILURE_LOG_LINES), lines.size())
                    .forEach(line -> out.append("    ").append(line, 0, Math.min(line.length(), 400)).append('\n'));
        }
        System.out.print(out);
    }

    /** Starts the suite's servers (if not running) and this cluster's gateway and executors. */
    public void start() {
        long begin = System.nanoTime();
        Suite.startAll();
        List<Supplier<ServiceProcess>> starts = new ArrayList<>();
        if (spec.gateway != GatewayMode.NONE) {
            starts.add(() -> gateway = gatewayBuilder().start());
        }
        synchronized (this) {
            spec.executors.keySet().stream().filter(n -> !executorOrder.contains(n)).forEach(executorOrder::add);
        }
        spec.executors.forEach((name, args) -> starts.add(() -> startExecutor(name, args.toArray(String[]::new))));
        startConcurrently(starts);
        System.out.printf("[e2e] %s cluster up in %.1f s: portal-service %s, broker %s%s, executors %s%n", owner,
                (System.nanoTime() - begin) / 1e9, portalService(), bootstrapServers(),
                gateway == null ? "" : ", gateway " + gateway.baseUri(), executorOrder);
    }

    /** Stops (SIGTERM) every process this cluster started that still runs; the suite's servers keep running. */
    @Override
    public void close() {
        List<ServiceProcess> running;
        synchronized (this) {
            running = started.stream().filter(ServiceProcess::isAlive).toList();
            started.clear();
        }
        running.stream().map(p -> CompletableFuture.runAsync(p::stop, PARALLEL)).toList().forEach(f -> {
            try {
                f.join();
            } catch (CompletionException e) {
                System.err.println("[e2e] " + e.getCause());
            }
        });
    }

    /** The suite's portal-service URI. */
    public URI portalService() {
        return Suite.portalServiceUri();
    }

    /** The suite's portal-service process. */
    public ServiceProcess portalServiceProcess() {
        return Suite.portalService();
    }

    public KafkaBroker broker() {
        return Suite.broker();
    }

    public String bootstrapServers() {
        return broker().bootstrapServers();
    }

    /** The gateway; fails if this cluster has none. */
    public ServiceProcess gateway() {
        if (gateway == null) {
            throw new IllegalStateException("this cluster has no gateway: SwarmCluster.builder().gateway()");
        }
        return gateway;
    }

    public URI gatewayUri() {
        return gateway().baseUri();
    }

    /**
     * Starts an executor named {@code name} (its log: {@code <TestClass>-<name>.log}) with the cluster's executor
     * arguments and then {@code args}; returns once it is healthy. Replaces a stopped or killed executor of that name.
     */
    public ServiceProcess startExecutor(String name, String... args) {
        return startExecutor(executorBuilder(name, args));
    }

    /** Starts an executor from a builder made by {@link #executorBuilder} (e.g. with another heap). */
    public ServiceProcess startExecutor(ServiceProcess.Builder builder) {
        ServiceProcess executor = builder.start();
        String name = executor.name().substring(owner.length() + 1);
        synchronized (this) {
            ServiceProcess previous = executors.get(name);
            if (previous != null && previous.isAlive()) {
                executor.kill9();
                throw new IllegalStateException("an executor named " + name + " runs already: " + previous);
            }
            executors.put(name, executor);
            if (!executorOrder.contains(name)) {
                executorOrder.add(name);
            }
            started.add(executor);
        }
        return executor;
    }

    /** The executor process of an executor, with the cluster's arguments, not started yet. */
    public ServiceProcess.Builder executorBuilder(String name, String... args) {
        return ServiceProcess.jar(owner + "-" + name, E2e.executorServiceJar())
                .args("--samos.cluster.portal-service=" + portalService(),
                        "--spring.kafka.bootstrap-servers=" + bootstrapServers())
                .args(spec.executorArgs)
                .args(args);
    }

    /** The executor last started under {@code name} (running or not). */
    public synchronized ServiceProcess executor(String name) {
        ServiceProcess executor = executors.get(name);
        if (executor == null) {
            throw new NoSuchElementException("no executor " + name + "; executors: " + executors.keySet());
        }
        return executor;
    }

    /** The executors that run now: those of the builder in its order, then those started later. */
    public synchronized List<ServiceProcess> executors() {
        return executorOrder.stream().map(executors::get).filter(e -> e != null && e.isAlive()).toList();
    }

    private ServiceProcess.Builder gatewayBuilder() {
        ServiceProcess.Builder builder = ServiceProcess.jar(owner + "-gateway", E2e.gatewayJar());
        if (spec.gateway == GatewayMode.CLUSTER) {
            builder.args("--spring.profiles.active=cluster",
                    "--samos.cluster.portal-service=" + portalService(),
                    "--spring.kafka.bootstrap-servers=" + bootstrapServers());
        } else {
            builder.args("--samos.gateway.portal=" + E2e.work(owner + "-gateway").resolve("samos-portal"));
        }
        return builder.args(spec.gatewayArgs);
    }

    private void startConcurrently(Collection<Supplier<ServiceProcess>> starts) {
        List<CompletableFuture<ServiceProcess>> futures = starts.stream()
                .map(start -> CompletableFuture.supplyAsync(start, PARALLEL)).toList();
        RuntimeException failure = null;
        for (CompletableFuture<ServiceProcess> future : futures) {
            try {
                ServiceProcess process = future.join();
                synchronized (this) {
                    if (!started.contains(process)) {
                        started.add(process);
                    }
                }
            } catch (CompletionException e) {
                RuntimeException cause = e.getCause() instanceof RuntimeException r ? r : e;
                if (failure == null) {
                    failure = cause;
                } else {
                    failure.addSuppressed(cause);
                }
            }
        }
        if (failure != null) {
            close();
            throw failure;
        }
    }

    private enum GatewayMode { NONE, CLUSTER, STANDALONE }

    /** What the cluster runs besides the suite's servers. */
    public static final class Builder {
        private GatewayMode gateway = GatewayMode.NONE;
        private final List<String> gatewayArgs = new ArrayList<>();
        private final List<String> executorArgs = new ArrayList<>();
        private final Map<String, List<String>> executors = new LinkedHashMap<>();

        private Builder() {
        }

        /** A gateway on its {@code cluster} profile, on the suite's portal-service and broker. */
        public Builder gateway() {
            gateway = GatewayMode.CLUSTER;
            return this;
        }

        /** A gateway on its default {@code standalone} profile (a folder portal of its own; no cluster). */
        public Builder standaloneGateway() {
            gateway = GatewayMode.STANDALONE;
            return this;
        }

        /** More arguments of the gateway. */
        public Builder gatewayArgs(String... args) {
            gatewayArgs.addAll(List.of(args));
            return this;
        }

        /** Arguments of every executor, before each one's own. */
        public Builder executorArgs(String... args) {
            executorArgs.addAll(List.of(args));
            return this;
        }

        /** {@code count} executors named {@code executor-1} … with no arguments of their own. */
        public Builder executors(int count) {
            for (int i = 1; i <= count; i++) {
                executor("executor-" + (executors.size() + 1));
            }
            return this;
        }

        /** An executor with arguments of its own (e.g. other resources than the rest). */
        public Builder executor(String name, String... args) {
            if (executors.putIfAbsent(name, List.of(args)) != null) {
                throw new IllegalArgumentException("two executors named " + name);
            }
            return this;
        }

        public SwarmCluster build() {
            return new SwarmCluster(this);
        }
    }
}
