package dev.samos.portalservice.index;

import dev.samos.portalservice.testkit.RedisTestServer;

import dev.samos.address.ValueAddress;
import dev.samos.codec.StorageCodec;
import dev.samos.execution.Attempt;
import dev.samos.execution.ExecutionAddress;
import dev.samos.index.ExecutionIndex;
import dev.samos.index.ExecutionIndex.Arguments;
import dev.samos.index.ExecutionIndex.Request;
import dev.samos.index.ExecutionIndex.Result;
import dev.samos.index.ExecutionIndex.Settlement;
import dev.samos.index.ExecutionIndex.Task;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * How many tiny tasks a second go through the Redis index: each is requested, claimed and settled DONE (an inline
 * result and its attempt record), workers settling a batch and claiming the next in one call, as executors do. Not a
 * test: run it by hand, e.g. {@code java -cp … dev.samos.portalservice.index.RedisIndexThroughput [tasks] [batch]
 * [workers]}, against the embedded redis-server 6.2 on localhost.
 */
public final class RedisIndexThroughput {

    /** Redis's CPU so far (INFO cpu, main thread and children) and its script statistics since the last reset. */
    private record RedisCpu(String version, long pid, double cpuMicros, long calls, long usec) {

        static RedisCpu read(LettuceConnectionFactory connections) {
            try (var connection = connections.getConnection()) {
                var info = connection.serverCommands().info("everything");
                double cpu = Double.parseDouble(info.getProperty("used_cpu_sys"))
                        + Double.parseDouble(info.getProperty("used_cpu_user"));
                String stats = info.getProperty("cmdstat_evalsha", "calls=0,usec=0");
                long calls = 0;
                long usec = 0;
                for (String field : stats.split(",")) {
                    String[] kv = field.split("=");
                    if (kv[0].equals("calls")) {
                        calls = Long.parseLong(kv[1]);
                    } else if (kv[0].equals("usec")) {
                        usec = Long.parseLong(kv[1]);
                    }
                }
                return new RedisCpu(info.getProperty("redis_version"),
                        Long.parseLong(info.getProperty("process_id")), cpu * 1e6, calls, usec);
            }
        }

        double cpuMicrosSince(RedisCpu earlier) {
            return cpuMicros - earlier.cpuMicros;
        }

        String evalsha(int tasks) {
            return String.format("%d calls, %.0f µs/call, %.1f µs/task", calls,
                    calls == 0 ? 0.0 : (double) usec / calls, (double) usec / tasks);
        }
    }

    /** -Dbench.callgrind: the redis-server runs under valgrind's callgrind, its counts zeroed and dumped per phase. */
    private static void callgrind(String command, long pid) {
        if (Boolean.getBoolean("bench.callgrind")) {
            try {
                new ProcessBuilder("callgrind_control", command, Long.toString(pid)).inheritIO().start().waitFor();
            } catch (java.io.IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static long jvmCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static long usedMemory(LettuceConnectionFactory connections) {
        try (var connection = connections.getConnection()) {
            return Long.parseLong(connection.serverCommands().info("memory").getProperty("used_memory"));
        }
    }

    private static void perScript(RedisExecutionIndex index, LettuceConnectionFactory connections,
            List<List<Request>> requests, Result done, boolean print) {
        try (var connection = connections.getConnection()) {
            connection.serverCommands().flushAll();
        }
        int tasks = requests.stream().mapToInt(List::size).sum();
        List<List<ExecutionAddress>> addresses = requests.stream()
                .map(some -> some.stream().map(Request::address).toList()).toList();
        List<List<Task>> taken = new ArrayList<>();
        String owner = "worker-0";
        phase("request", tasks, connections, print, () -> requests.forEach(index::request));
        phase("claim-tasks", tasks, connections, print, () -> addresses.forEach(some -> taken.add(
                index.claimTasks(some, owner, 60_000).stream()
                        .map(claim -> ((ExecutionIndex.TaskClaim.Taken) claim).task()).toList())));
        phase("entries", tasks, connections, print, () -> addresses.forEach(index::requests));
        phase("settle (claim 0)", tasks, connections, print, () -> taken.forEach(mine -> {
            long now = System.currentTimeMillis();
            List<Settlement> outcomes = new ArrayList<>(mine.size());
            for (Task task : mine) {
                outcomes.add(new Settlement.Done(task.address(), task.lease(), new Attempt(task.lease().attempt(),
                        owner, now, now, Attempt.Outcome.DONE, "", "", null, null, null, List.of()), done));
            }
            if (!index.settle(outcomes, owner, 60_000, 0).refused().isEmpty()) {
                throw new IllegalStateException("a settle was refused");
            }
        }));
        phase("results", tasks, connections, print, () -> addresses.forEach(index::results));
    }

    private static void phase(String name, int tasks, LettuceConnectionFactory connections, boolean print,
            Runnable work) {
        try (var connection = connections.getConnection()) {
            connection.serverCommands().resetConfigStats();
        }
        RedisCpu before = RedisCpu.read(connections);
        callgrind("-z", before.pid());
        long jvmBefore = jvmCpuNanos();
        long start = System.nanoTime();
        work.run();
        long end = System.nanoTime();
        if (print) {
            callgrind("--dump=" + name.replaceAll("[^a-z-]", ""), before.pid());
        }
        RedisCpu after = RedisCpu.read(connections);
        long jvmAfter = jvmCpuNanos();
        if (print) {
            System.out.printf("%-18s %8.0f tasks/s; evalsha %s; redis-server CPU %.1f µs/task; JVM CPU %.1f"
                    + " µs/task%n", name + ":", tasks / ((end - start) / 1e9), after.evalsha(tasks),
                    after.cpuMicrosSince(before) / tasks, (jvmAfter - jvmBefore) / 1e3 / tasks);
        }
    }

    public static void main(String[] args) throws Exception {
        int tasks = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int workers = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        StorageCodec codec = new StorageCodec();
        ValueAddress function = ValueAddress.of("benchmark function");
        List<List<Request>> requests = new ArrayList<>();
        for (int from = 0; from < tasks; from += batch) {
            List<Request> some = new ArrayList<>();
            for (int n = from; n < Math.min(tasks, from + batch); n++) {
                some.add(new Request(ExecutionAddress.of("tiny", function, Map.of("n", ValueAddress.of(n))),
                        function, Arguments.inline(codec.encode(Map.of("n", n)))));
            }
            requests.add(some);
        }
        byte[] result = codec.encode(42);
        Result done = new Result(ValueAddress.of(42), result);

        // -Dbench.redis.port=N: a redis-server already running there (e.g. under a profiler), not the embedded one.
        String port = System.getProperty("bench.redis.port");
        try (AutoCloseable server = port == null ? RedisTestServer.start() : () -> { }) {
            int redisPort = port == null ? ((RedisTestServer) server).port() : Integer.parseInt(port);
            LettuceConnectionFactory connections = RedisTestConnections.to(redisPort);
            // -Dbench.redis.config=name=value,...: server settings to try (e.g. hash-max-ziplist-value=512)
            for (String setting : System.getProperty("bench.redis.config", "").split(",")) {
                if (setting.contains("=")) {
                    try (var connection = connections.getConnection()) {
                        connection.serverCommands().setConfig(setting.substring(0, setting.indexOf('=')),
                                setting.substring(setting.indexOf('=') + 1));
                    }
                }
            }
            ExecutionIndex index = new RedisExecutionIndex(connections, "bench:", Clock.systemUTC());
            // Settled news as a gateway hears it: counted, and timed from the settle call that caused it.
            ExecutionIndex listener = new RedisExecutionIndex(RedisTestConnections.to(redisPort), "bench:",
                    Clock.systemUTC());
            AtomicLong heard = new AtomicLong();
            AtomicLong lastHeardNanos = new AtomicLong();
            listener.onSettled(address -> {
                heard.incrementAndGet();
                lastHeardNanos.set(System.nanoTime());
            });
            Thread.sleep(500); // subscribing completes in the background
            for (int round = 0; round < 2; round++) { // the first round warms the JIT and loads the scripts
                try (var connection = connections.getConnection()) {
                    connection.serverCommands().flushAll();
                    connection.serverCommands().resetConfigStats();
                }
                heard.set(0);
                long memoryBefore = usedMemory(connections);
                RedisCpu before = RedisCpu.read(connections);
                callgrind("-z", before.pid());
                long jvmBefore = jvmCpuNanos();
                long start = System.nanoTime();
                for (List<Request> some : requests) {
                    index.request(some);
                }
                long requested = System.nanoTime();
                callgrind(round == 1 ? "--dump=main-request" : "-z", before.pid());
                RedisCpu afterRequests = RedisCpu.read(connections);
                long jvmAfterRequests = jvmCpuNanos();
                try (var connection = connections.getConnection()) {
                    connection.serverCommands().resetConfigStats();
                }
                callgrind("-z", before.pid());
                AtomicLong settled = new AtomicLong();
                ExecutorService pool = Executors.newFixedThreadPool(workers);
                List<Future<?>> running = new ArrayList<>();
                for (int w = 0; w < workers; w++) {
                    String owner = "worker-" + w;
                    running.add(pool.submit(() -> {
                        List<Task> mine = index.claimNext(owner, 60_000, batch);
                        while (!mine.isEmpty()) {
                            List<Settlement> outcomes = new ArrayList<>(mine.size());
                            for (Task task : mine) {
                                long now = System.currentTimeMillis();
                                outcomes.add(new Settlement.Done(task.address(), task.lease(),
                                        new Attempt(task.lease().attempt(), owner, now, now, Attempt.Outcome.DONE,
                                                "", "", null, null, null, List.of()), done));
                            }
                            ExecutionIndex.Settled answer = index.settle(outcomes, owner, 60_000, batch);
                            settled.addAndGet(outcomes.size() - answer.refused().size());
                            mine = answer.claimed();
                        }
                        return null;
                    }));
                }
                for (Future<?> f : running) {
                    f.get();
                }
                pool.shutdown();
                long end = System.nanoTime();
                callgrind(round == 1 ? "--dump=main-claim-settle" : "-z", before.pid());
                RedisCpu afterWork = RedisCpu.read(connections);
                long jvmAfterWork = jvmCpuNanos();
                if (round == 1) {
                    double requestSeconds = (requested - start) / 1e9;
                    double workSeconds = (end - requested) / 1e9;
                    System.out.printf("%d tasks, batches of %d, %d worker thread(s), redis-server %s%n", tasks, batch,
                            workers, before.version());
                    System.out.printf("request:            %8.0f tasks/s (%.2f s)%n", tasks / requestSeconds,
                            requestSeconds);
                    System.out.printf("claimNext + settle: %8.0f tasks/s (%.2f s)%n", settled.get() / workSeconds,
                            workSeconds);
                    for (int wait = 0; wait < 50 && heard.get() < tasks; wait++) {
                        Thread.sleep(100);
                    }
                    System.out.printf("settled news:       %d of %d heard; the last %.1f ms after the last settle%n",
                            heard.get(), tasks, (lastHeardNanos.get() - end) / 1e6);
                    System.out.printf("end to end:         %8.0f tasks/s; DONE %d of %d%n",
                            tasks / (requestSeconds + workSeconds), index.counts(0).byStatus()
                                    .get(dev.samos.execution.ExecutionStatus.DONE), tasks);
                    // Time inside Redis, to tell the server's share from the client's (codec, network, JIT): the
                    // scripts' own time (commandstats, reset between the phases) and redis-server's CPU in all
                    // (network, replies, publishing to the subscriber included), each per task.
                    System.out.printf("request phase:      evalsha %s; redis-server CPU %.1f µs/task; JVM CPU %.1f"
                                    + " µs/task%n", afterRequests.evalsha(tasks),
                            afterRequests.cpuMicrosSince(before) / tasks, (jvmAfterRequests - jvmBefore) / 1e3 / tasks);
                    System.out.printf("claim+settle phase: evalsha %s; redis-server CPU %.1f µs/task; JVM CPU %.1f"
                                    + " µs/task%n", afterWork.evalsha(tasks),
                            afterWork.cpuMicrosSince(afterRequests) / tasks, (jvmAfterWork - jvmAfterRequests) / 1e3
                                    / tasks);
                    // What the index keeps of a DONE execution for good: Redis's memory, which sizes its server.
                    System.out.printf("redis memory:       %.0f bytes per DONE execution (used_memory, %,d executions)"
                            + "%n", (double) (usedMemory(connections) - memoryBefore) / tasks, tasks);
                }
            }
            // The path a cluster swarm takes (task records delivered, outcomes logged, results read), one script at
            // a time over all batches, so that each script's cost per task stands alone.
            for (int round = 0; round < 2; round++) {
                perScript((RedisExecutionIndex) index, connections, requests, done, round == 1);
            }
            listener.close();
            connections.destroy();
        }
    }
}
