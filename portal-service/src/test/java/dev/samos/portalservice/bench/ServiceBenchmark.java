package dev.samos.portalservice.bench;

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
import dev.samos.portal.LocalStores;
import dev.samos.portal.service.ServiceExecutionIndex;
import dev.samos.portal.service.ServiceOptions;
import dev.samos.portal.service.ServiceValueStore;
import dev.samos.portalservice.ServiceUnderTest;
import dev.samos.store.ValueStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Throughput of portal-service's internal API through its clients, on the folder backend, one client thread on the
 * same machine: value put/get one by one and in batches of 100, and the swarm's unit of work (request, claimNext,
 * settle) one execution at a time and 100 at a time. Prints a table; numbers live here, never in a test.
 *
 * <p>Run: {@code java -cp <portal-service test class path> dev.samos.portalservice.bench.ServiceBenchmark [n]}.
 */
public final class ServiceBenchmark {

    private static final int BATCH = 100;
    private static final long LEASE = 60_000;

    private final StorageCodec codec = new StorageCodec();
    private final List<String> rows = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
        if (args.length > 1 && args[1].equals("cluster")) {
            cluster(n);
            return;
        }
        Path folder = Files.createTempDirectory("samos-service-bench");
        try (ServiceUnderTest service = ServiceUnderTest.start(folder, Clock.systemUTC(),
                "--logging.level.root=WARN", "--samos.portal.max-body-size=64MB")) {
            ServiceBenchmark bench = new ServiceBenchmark();
            bench.run(service, Math.max(200, n / 10), false); // warm-up: JIT, connections, SQLite pages
            bench.run(service, n, true);
            bench.direct(Files.createTempDirectory("samos-direct-bench"), n);
            System.out.printf("%n%-44s %12s %12s%n", "operation (folder backend, 1 client thread)", "ops/s",
                    "µs/op");
            bench.rows.forEach(System.out::println);
        }
    }

    /**
     * The same rows on the cluster backend: a real redis-server and S3Mock started here (S3Mock, not MinIO: no Docker
     * on the machines this was written on, so the value rows measure S3Mock as much as the service).
     */
    private static void cluster(int n) throws Exception {
        try (dev.samos.portalservice.testkit.RedisTestServer redis = dev.samos.portalservice.testkit.RedisTestServer
                .start(); dev.samos.portalservice.testkit.S3MockServer s3 = dev.samos.portalservice.testkit
                        .S3MockServer.start()) {
            var context = new org.springframework.boot.builder.SpringApplicationBuilder(
                    dev.samos.portalservice.PortalServiceApplication.class).logStartupInfo(false).run(
                            "--server.port=0", "--logging.level.root=WARN", "--samos.portal.backend=cluster",
                            "--samos.portal.s3.endpoint=" + s3.endpoint(), "--samos.portal.s3.access-key=bench",
                            "--samos.portal.s3.secret-key=bench", "--samos.portal.redis.url=redis://127.0.0.1:"
                                    + redis.port());
            try {
                int port = ((org.springframework.boot.web.server.context.WebServerApplicationContext) context)
                        .getWebServer().getPort();
                java.net.URI uri = java.net.URI.create("http://localhost:" + port);
                ServiceBenchmark bench = new ServiceBenchmark();
                bench.run(uri, Math.max(100, n / 10), false);
                bench.run(uri, n, true);
                System.out.printf("%n%-44s %12s %12s%n", "operation (cluster backend: Redis + S3Mock)", "ops/s",
                        "µs/op");
                bench.rows.forEach(System.out::println);
            } finally {
                context.close();
            }
        }
    }

    private void run(ServiceUnderTest service, int n, boolean report) {
        run(service.uri(), n, report);
    }

    private void run(java.net.URI service, int n, boolean report) {
        // No value cache: every get is a round trip, which is what is measured.
        ServiceOptions uncached = ServiceOptions.defaults().withValueCacheBytes(0);
        try (ValueStore writer = new ServiceValueStore(service, uncached);
                ValueStore reader = new ServiceValueStore(service, uncached);
                ExecutionIndex index = new ServiceExecutionIndex(service, ServiceOptions.defaults())) {
            List<Object> values = values(n);
            List<ValueAddress> addresses = values.stream().map(ValueAddress::of).toList();

            long t = System.nanoTime();
            ValueAddress absent = ValueAddress.of("absent " + UUID.randomUUID());
            for (int i = 0; i < n; i++) {
                reader.has(absent);
            }
            row(report, "has, absent (HTTP round trip floor)", n, t);

            t = System.nanoTime();
            for (int i = 0; i < n; i++) {
                writer.put(addresses.get(i), values.get(i));
            }
            row(report, "value put, one per call (~200 B)", n, t);

            t = System.nanoTime();
            for (ValueAddress address : addresses) {
                reader.get(address).orElseThrow();
            }
            row(report, "value get, one per call", n, t);

            List<Object> more = values(n);
            t = System.nanoTime();
            for (int from = 0; from < n; from += BATCH) {
                Map<ValueAddress, Object> batch = new LinkedHashMap<>();
                for (Object value : more.subList(from, Math.min(n, from + BATCH))) {
                    batch.put(ValueAddress.of(value), value);
                }
                writer.putAll(batch);
            }
            row(report, "value put, batches of " + BATCH + " (per value)", n, t);

            try (ValueStore fresh = new ServiceValueStore(service, uncached)) {
                t = System.nanoTime();
                for (int from = 0; from < n; from += BATCH) {
                    fresh.getAll(addresses.subList(from, Math.min(n, from + BATCH)));
                }
                row(report, "value get, batches of " + BATCH + " (per value)", n, t);
            }

            ValueAddress function = ValueAddress.of("bench function " + UUID.randomUUID());
            String owner = "bench-" + UUID.randomUUID();
            int executions = Math.max(BATCH, n / 2);
            t = System.nanoTime();
            for (int i = 0; i < executions; i++) {
                Request request = request(function, i);
                index.request(List.of(request));
                List<Task> tasks = index.claimNext(owner, LEASE, 1);
                index.settle(List.of(done(tasks.getFirst(), i)), owner, LEASE, 0);
            }
            row(report, "request + claimNext + settle, one at a time", executions, t);

            ValueAddress batched = ValueAddress.of("bench function " + UUID.randomUUID());
            t = System.nanoTime();
            for (int from = 0; from < executions; from += BATCH) {
                List<Request> requests = new ArrayList<>();
                for (int i = from; i < Math.min(executions, from + BATCH); i++) {
                    requests.add(request(batched, i));
                }
                index.request(requests);
                List<Task> tasks = index.claimNext(owner, LEASE, requests.size());
                List<Settlement> settlements = new ArrayList<>();
                for (int i = 0; i < tasks.size(); i++) {
                    settlements.add(done(tasks.get(i), i));
                }
                index.settle(settlements, owner, LEASE, 0);
            }
            row(report, "request + claimNext + settle, batches of " + BATCH, executions, t);
        }
    }

    /** The same folder backend called in-process, without HTTP: what the service's own storage costs. */
    private void direct(Path folder, int n) {
        try (LocalStores stores = LocalStores.open(folder, Clock.systemUTC())) {
            List<Object> values = values(n);
            List<ValueAddress> addresses = values.stream().map(ValueAddress::of).toList();
            long t = System.nanoTime();
            for (int i = 0; i < n; i++) {
                stores.values().put(addresses.get(i), values.get(i));
            }
            row(true, "(in-process FolderStore) value put", n, t);
            t = System.nanoTime();
            for (ValueAddress address : addresses) {
                stores.values().get(address).orElseThrow();
            }
            row(true, "(in-process FolderStore) value get", n, t);
            ValueAddress function = ValueAddress.of("bench function " + UUID.randomUUID());
            int executions = Math.max(BATCH, n / 2);
            t = System.nanoTime();
            for (int i = 0; i < executions; i++) {
                stores.index().request(List.of(request(function, i)));
                List<Task> tasks = stores.index().claimNext("direct", LEASE, 1);
                stores.index().settle(List.of(done(tasks.getFirst(), i)), "direct", LEASE, 0);
            }
            row(true, "(in-process SQLite) request+claimNext+settle", executions, t);
        }
    }

    private static List<Object> values(int n) {
        String salt = UUID.randomUUID().toString();
        List<Object> values = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            values.add(Map.of("salt", salt, "i", (long) i, "payload", "x".repeat(150)));
        }
        return values;
    }

    private Request request(ValueAddress function, int i) {
        ValueAddress x = ValueAddress.of((long) i);
        return new Request(ExecutionAddress.of("bench", function, Map.of("x", x)), function,
                Arguments.inline(codec.encode(Map.of("x", (long) i))));
    }

    private Settlement done(Task task, long value) {
        Attempt attempt = new Attempt(task.lease().attempt(), task.lease().owner(), 0, 1, Attempt.Outcome.DONE, "",
                "", null, null, null, List.of());
        return new Settlement.Done(task.address(), task.lease(), attempt,
                new Result(ValueAddress.of(value), codec.encode(value)));
    }

    private void row(boolean report, String operation, int n, long startNanos) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        if (report) {
            rows.add(String.format("%-44s %12.0f %12.1f", operation, n / seconds, seconds * 1e6 / n));
        }
    }
}
