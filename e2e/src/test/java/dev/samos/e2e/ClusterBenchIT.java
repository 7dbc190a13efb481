package dev.samos.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import dev.samos.testkit.Square;
import dev.samos.execution.ExecutionAddress;
import dev.samos.function.Kwargs;
import dev.samos.function.Pure;
import dev.samos.portal.Portal;
import java.io.Serializable;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The cluster's figures (bench/README.md), on this one box — broker, Redis, S3Mock and every service here: a swarm
 * of tiny tasks with one and then two executors, the same tasks on Hazelcast's {@code IExecutorService} (two members
 * in one JVM), and the cached call's latency over REST through the cluster gateway. A benchmark, not a test: it runs
 * only with {@code -Dsamos.bench=true} (and the services get their full JIT with {@code -De2e.fullJit=true}):
 * <pre>./mvnw -B -pl e2e -am verify -Pe2e -Dit.test=ClusterBenchIT -Dsamos.bench=true -De2e.fullJit=true</pre>
 * With {@code -Dsamos.bench.execution=in-process} the executors run tasks in their own threads instead of their worker
 * JVMs: the difference is what the worker JVMs' hop costs.
 */
@EnabledIfSystemProperty(named = "samos.bench", matches = "true")
class ClusterBenchIT {

    static final int TASKS = Integer.getInteger("samos.bench.tasks", 50_000);
    /**
     * Tasks swarmed on both executors before the measured swarms, not timed. The JVMs' JIT compilers are busy long
     * after the services start: after warm-ups of 20,000 tasks their compiler threads still took 36% of the box's CPU
     * during the measured swarm (per-thread CPU from /proc, 2026-11-30), so a short warm-up measures compilation as
     * much as the cluster. The compiler threads' share is printed with the other CPU figures.
     */
    static final int WARMUP = Integer.getInteger("samos.bench.warmup", 100_000);
    static final int WARMUP_ROUND = 200_000;
    /** Where the executors run tasks: {@code worker-jvms} (their default) or {@code in-process}, to measure the hop. */
    static final String EXECUTION = System.getProperty("samos.bench.execution", "worker-jvms");
    /** More executor arguments, space-separated, to compare settings: {@code -Dsamos.bench.executorArgs=...}. */
    static final String[] EXECUTOR_ARGS = System.getProperty("samos.bench.executorArgs", "").isBlank()
            ? new String[0] : System.getProperty("samos.bench.executorArgs").trim().split("\\s+");

    @RegisterExtension
    static final SwarmCluster CLUSTER = SwarmCluster.builder()
            .gateway().gatewayArgs(E2eCluster.GATEWAY_ARGS)
            .executorArgs("--samos.executor.execution.mode=" + EXECUTION).executorArgs(EXECUTOR_ARGS)
            .executor("executor-1")
            .executor("executor-2")
            .build();

    @Test
    void swarmThroughputCachedCallLatencyAndHazelcast() throws Exception {
        List<String> rows = new ArrayList<>();
        try (Portal portal = Portal.remote(CLUSTER.gatewayUri(), E2eCluster.TOKEN)) {
            Pure square = portal.pure(Square.class);
            // Both executors from the start, so both are as warm when measured: two executors first, then one.
            // Warm-up (JIT, connections, the share group) in swarms of at most 200,000: a million calls and their
            // results at once would not fit this JVM's heap beside the broker and S3Mock.
            for (int done = 0; done < WARMUP; done += WARMUP_ROUND) {
                swarm(portal, square, 1_000_000_000L + done, Math.min(WARMUP_ROUND, WARMUP - done));
            }
            java.util.Map<String, Double> cpuBefore = cpu();
            double two = swarm(portal, square, 100_000_000L, TASKS);
            java.util.Map<String, Double> cpuAfter = cpu();
            cpuAfter.forEach((name, seconds) -> System.out.printf("[bench] CPU of %s during the 2-executor swarm:"
                    + " %.1f s%n", name, seconds - cpuBefore.getOrDefault(name, 0.0)));
            rows.add(String.format("| swarm of %,d tiny tasks, 2 executors | %,.0f tasks/s |", TASKS, two));
            CLUSTER.executor("executor-2").stop();
            double one = swarm(portal, square, 0, TASKS);
            rows.add(String.format("| swarm of %,d tiny tasks, 1 executor | %,.0f tasks/s |", TASKS, one));
            CLUSTER.startExecutor("executor-2"); // for the kill -9 below
            double hazelcast = hazelcast(TASKS);
            rows.add(String.format("| Hazelcast IExecutorService, 2 members in one JVM, %,d tasks | %,.0f tasks/s |",
                    TASKS, hazelcast));
            rows.add(String.format("| Samos (2 executors) / Hazelcast | %.2f |", two / hazelcast));
            rows.addAll(cachedCallLatency());
            rows.add(recoveryAfterKill(portal));
        }
        dumpMetrics();
        System.out.println("[bench] cluster on one box, " + Runtime.getRuntime().availableProcessors()
                + " cores, tasks run " + EXECUTION + ":");
        rows.forEach(row -> System.out.println("[bench] " + row));
    }

    /** CPU seconds each process used so far (Linux /proc), by name: where a swarm's cost goes. */
    private static java.util.Map<String, Double> cpu() throws Exception {
        java.util.Map<String, Double> seconds = new java.util.TreeMap<>();
        seconds.put("test JVM (Kafka broker, S3Mock)", cpuSeconds(ProcessHandle.current().pid()));
        seconds.put("the box, idle (all cores)", idleSeconds());
        seconds.put("the box, busy (all cores, every process)", busySeconds());
        ProcessHandle.allProcesses().filter(p -> p.info().command().orElse("").contains("redis"))
                .forEach(p -> seconds.put("redis-server", cpuSeconds(p.pid())));
        seconds.put("portal-service", cpuSeconds(CLUSTER.portalServiceProcess().pid()));
        seconds.put("gateway", cpuSeconds(CLUSTER.gateway().pid()));
        seconds.put("JIT compiler threads of every JVM on the box", ProcessHandle.allProcesses()
                .filter(p -> p.info().command().orElse("").endsWith("java"))
                .mapToDouble(p -> compilerSeconds(p.pid())).sum());
        for (ServiceProcess executor : CLUSTER.executors()) {
            seconds.put(executor.name(), cpuSeconds(executor.pid()));
            seconds.put(executor.name() + "'s worker JVMs", ProcessHandle.of(executor.pid()).stream()
                    .flatMap(ProcessHandle::descendants).mapToDouble(child -> cpuSeconds(child.pid())).sum());
        }
        return seconds;
    }

    private static double cpuSeconds(long pid) {
        return cpuSeconds(java.nio.file.Path.of("/proc/" + pid + "/stat"));
    }

    /** User + system CPU seconds from a process's or a thread's {@code stat} file; NaN if it is gone. */
    private static double cpuSeconds(java.nio.file.Path statFile) {
        try {
            String stat = java.nio.file.Files.readString(statFile);
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
        } catch (java.io.IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** CPU seconds of a JVM's JIT compiler threads so far: still compiling means not yet at its steady state. */
    private static double compilerSeconds(long pid) {
        try (var threads = java.nio.file.Files.list(java.nio.file.Path.of("/proc/" + pid + "/task"))) {
            return threads.filter(ClusterBenchIT::isCompilerThread)
                    .mapToDouble(thread -> cpuSeconds(thread.resolve("stat")))
                    .filter(seconds -> !Double.isNaN(seconds)).sum();
        } catch (java.io.IOException | RuntimeException gone) {
            return 0;
        }
    }

    private static boolean isCompilerThread(java.nio.file.Path thread) {
        try {
            return java.nio.file.Files.readString(thread.resolve("comm")).matches("(?s)C[12] Compiler.*");
        } catch (java.io.IOException gone) {
            return false;
        }
    }

    /** Idle CPU seconds of the whole machine so far (/proc/stat): whether a swarm is bound by CPU or by waiting. */
    private static double idleSeconds() {
        long[] jiffies = machineJiffies();
        return jiffies.length < 5 ? Double.NaN : (jiffies[3] + jiffies[4]) / 100.0;
    }

    private static double busySeconds() {
        long[] jiffies = machineJiffies();
        return jiffies.length < 8 ? Double.NaN : (jiffies[0] + jiffies[1] + jiffies[2] + jiffies[5] + jiffies[6]
                + jiffies[7]) / 100.0;
    }

    private static long[] machineJiffies() {
        try {
            String line = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/stat")).getFirst();
            return Arrays.stream(line.substring(3).trim().split("\\s+")).mapToLong(Long::parseLong).toArray();
        } catch (java.io.IOException | RuntimeException e) {
            return new long[0];
        }
    }

    /** Where the time went, for the README's notes: the services' own timers. */
    private static void dumpMetrics() throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            for (ServiceProcess service : List.of(CLUSTER.portalServiceProcess(), CLUSTER.executor("executor-1"),
                    CLUSTER.gateway())) {
                String metrics = http.send(HttpRequest.newBuilder(service.uri("/actuator/prometheus")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                metrics.lines().filter(l -> l.startsWith("samos_") && (l.contains("_sum") || l.contains("_count")
                        || l.contains("_total"))).forEach(l -> System.out.println("[metrics] " + service.name()
                        + " " + l));
            }
        }
    }

    /** Swarms {@code count} squares of new numbers from {@code from}; tasks per second from submit to last result. */
    private static double swarm(Portal portal, Pure square, long from, int count) {
        List<Kwargs> calls = LongStream.range(from, from + count).mapToObj(x -> Kwargs.of("x", x)).toList();
        long start = System.nanoTime();
        List<ExecutionAddress> addresses = portal.swarmAll(square, calls);
        long submitted = System.nanoTime();
        List<Object> results = portal.getAll(addresses, Duration.ofMinutes(10));
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(((Number) results.getLast()).longValue()).isEqualTo((from + count - 1) * (from + count - 1));
        System.out.printf("[bench] %,d tasks: submitted in %.1f s, all results in %.1f s%n", count,
                (submitted - start) / 1e9, seconds);
        return count / seconds;
    }

    /**
     * Executors on their default settings (lease 10 s, sweep every 5 s): 400 tasks of ~40 ms, one of the two
     * executors killed with {@code kill -9} when half are done; how long until the rest are done.
     */
    private static String recoveryAfterKill(Portal portal) throws Exception {
        Pure spin = portal.pure(dev.samos.testkit.Spin.class);
        long doneBefore = portal.describe().executions().getOrDefault("DONE", 0L);
        List<ExecutionAddress> addresses = portal.swarmAll(spin, LongStream.range(0, 400)
                .mapToObj(seed -> Kwargs.of("n", 20_000_000L, "seed", 9_000_000 + seed)).toList());
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (portal.describe().executions().getOrDefault("DONE", 0L) - doneBefore < 200
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        long killedAt = System.nanoTime();
        CLUSTER.executor("executor-2").kill9();
        portal.getAll(addresses, Duration.ofMinutes(5));
        return String.format("| kill -9 of 1 of 2 executors halfway through 400 tasks of ~40 ms, default lease and"
                + " sweep | the rest done %.1f s after the kill |", (System.nanoTime() - killedAt) / 1e9);
    }

    /** The task Hazelcast runs: the same square. */
    record HazelcastSquare(long x) implements Callable<Long>, Serializable {
        @Override
        public Long call() {
            return x * x;
        }
    }

    private static double hazelcast(int count) throws Exception {
        Config config = new Config().setClusterName("samos-bench-" + System.nanoTime());
        config.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
        config.getNetworkConfig().getJoin().getTcpIpConfig().setEnabled(true).setMembers(List.of("127.0.0.1"));
        config.setProperty("hazelcast.phone.home.enabled", "false");
        HazelcastInstance first = Hazelcast.newHazelcastInstance(config);
        HazelcastInstance second = Hazelcast.newHazelcastInstance(config);
        try {
            IExecutorService executor = first.getExecutorService("bench");
            for (int done = 0; done < WARMUP; done += count) { // warm-up, in rounds: 400,000 futures at once time out
                run(executor, done, Math.min(count, WARMUP - done));
            }
            long start = System.nanoTime();
            run(executor, 1_000_000, count);
            return count / ((System.nanoTime() - start) / 1e9);
        } finally {
            second.shutdown();
            first.shutdown();
        }
    }

    private static void run(IExecutorService executor, long from, int count) throws Exception {
        List<Future<Long>> futures = new ArrayList<>(count);
        for (long x = from; x < from + count; x++) {
            futures.add(executor.submit(new HazelcastSquare(x)));
        }
        for (Future<Long> future : futures) {
            future.get();
        }
    }

    /** A cached call over REST, one client connection, 5,000 times after 2,000 to warm up: p50 and p99. */
    private static List<String> cachedCallLatency() throws Exception {
        URI base = CLUSTER.gatewayUri();
        try (HttpClient http = HttpClient.newHttpClient()) {
            String source = "{\"source\": \"public final class BenchSquare implements dev.samos.function.PureFunction"
                    + " { public Object call(dev.samos.function.Kwargs kwargs) { long x = kwargs.getLong(\\\"x\\\");"
                    + " return x * x; } }\"}";
            String registered = http.send(post(base.resolve("/api/v1/functions"), source),
                    HttpResponse.BodyHandlers.ofString()).body();
            String function = registered.replaceAll("(?s).*\"address\":\"([^\"]+)\".*", "$1");
            URI calls = base.resolve("/api/v1/functions/" + function + "/calls");
            assertThat(http.send(post(calls, "{\"kwargs\": {\"x\": 12}}"), HttpResponse.BodyHandlers.ofString())
                    .body()).contains("144");
            // A plain blocking HTTP/1.1 connection: the JDK's HttpClient adds a millisecond of its own per request.
            try (KeepAliveConnection connection = new KeepAliveConnection(calls, E2eCluster.TOKEN)) {
                for (int i = 0; i < 2_000; i++) {
                    connection.post("{\"kwargs\": {\"x\": 12}}");
                }
                long[] nanos = new long[5_000];
                for (int i = 0; i < nanos.length; i++) {
                    long start = System.nanoTime();
                    String response = connection.post("{\"kwargs\": {\"x\": 12}}");
                    nanos[i] = System.nanoTime() - start;
                    assertThat(response).contains("144");
                }
                Arrays.sort(nanos);
                return List.of(String.format("| cached call over REST, cluster gateway, 1 keep-alive connection |"
                        + " p50 %.2f ms, p99 %.2f ms |", nanos[nanos.length / 2] / 1e6,
                        nanos[nanos.length * 99 / 100] / 1e6));
            }
        }
    }

    private static HttpRequest post(URI uri, String json) {
        return HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + E2eCluster.TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }
}
