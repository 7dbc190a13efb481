package dev.samos.portalservice.index;

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

        try (RedisTestServer server = RedisTestServer.start()) {
            LettuceConnectionFactory connections = server.connections();
            ExecutionIndex index = new RedisExecutionIndex(connections, "bench:", Clock.systemUTC());
            // Settled news as a gateway hears it: counted, and timed from the settle call that caused it.
            ExecutionIndex listener = new RedisExecutionIndex(server.connections(), "bench:", Clock.systemUTC());
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
                long start = System.nanoTime();
                for (List<Request> some : requests) {
                    index.request(some);
                }
                long requested = System.nanoTime();
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
                if (round == 1) {
                    double requestSeconds = (requested - start) / 1e9;
                    double workSeconds = (end - requested) / 1e9;
                    System.out.printf("%d tasks, batches of %d, %d worker thread(s), Redis %s%n", tasks, batch,
                            workers, "6.2 (embedded-redis)");
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
                    // Time inside Redis, to tell the server's share from the client's (codec, network, JIT).
                    try (var connection = connections.getConnection()) {
                        connection.serverCommands().info("commandstats").forEach((k, v) -> {
                            if (k.toString().contains("eval")) {
                                System.out.printf("redis %s: %s%n", k, v);
                            }
                        });
                    }
                }
            }
            listener.close();
            connections.destroy();
        }
    }
}
